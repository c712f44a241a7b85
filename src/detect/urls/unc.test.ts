import { describe, expect, it } from 'vitest';
import { scan } from '../scanner.js';
import { urlsDetector } from './index.js';
import { uncSignals } from './unc.js';

const spans = (text: string) => uncSignals(text).map((s) => text.slice(s.start, s.end));

describe('UNC paths', () => {
  it('finds UNC paths to public IPs and WebDAV or program paths on internet names', () => {
    expect(spans('Run \\\\193.42.11.8\\pub\\tool.exe, then reboot.')).toEqual(['\\\\193.42.11.8\\pub\\tool.exe']);
    expect(spans('<a href="\\\\cdn.files-share.net@SSL@443\\DavWWWRoot\\doc">')).toEqual(['\\\\cdn.files-share.net@SSL@443\\DavWWWRoot\\doc']);
    expect(spans('Icon=\\\\files.example-org.net\\s\\icon.scf')).toEqual(['\\\\files.example-org.net\\s\\icon.scf']);
  });

  it('leaves internal shares, escaped Windows paths and bare hosts alone', () => {
    expect(spans('\\\\nas01\\media\\movies and \\\\10.0.0.4\\share\\a.lnk')).toEqual([]);
    expect(spans('"C:\\\\Program Files\\\\App" and \\\\wsl$\\Ubuntu\\home')).toEqual([]);
    expect(spans('\\\\files.corp.example.com\\share\\report.docx')).toEqual([]);
    expect(spans('\\\\193.42.11.8')).toEqual([]);
  });

  it('runs behind the scanner keyword pass', () => {
    const { findings } = scan('Open \\\\45.61.137.9\\docs\\scan.lnk', { detectors: [urlsDetector] });
    expect(findings.map((f) => f.rule)).toEqual(['urls.unc-path']);
  });
});
