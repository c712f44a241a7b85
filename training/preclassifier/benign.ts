import type { Slots } from './pools.js';
import type { Rng } from './rng.js';
import type { Shell } from './types.js';

/**
 * Benign commands: everyday developer and admin commands, including some that delete or
 * restart something within a narrow scope (`rm build/*.o`, `docker system prune`). They fill
 * text rows, often under the same imperative or urgent framing as command rows.
 */

interface Benign {
  sh: Shell;
  t: string;
  /** What it is for, as an infinitive phrase ("list the files"). */
  purpose: string;
  /** What it does, neutral, third person present. */
  what: string;
}

export interface BenignCmd {
  sh: Shell;
  text: string;
  purpose: string;
  what: string;
  multiline: boolean;
}

function b(sh: Shell, t: string, purpose: string, what: string): Benign {
  return { sh, t, purpose, what };
}

export const BENIGN: readonly Benign[] = [
  b('bash', 'ls -la', 'see every file, hidden ones included', 'lists all entries (-a), dotfiles too, in long format (-l) with permissions, owner, size and date'),
  b('bash', 'git status', 'check which files changed', 'shows the current branch, staged changes, unstaged changes and untracked files'),
  b('bash', 'git pull --rebase origin main', 'bring your branch up to date', 'fetches main from origin and replays your local commits on top of it instead of creating a merge commit'),
  b('bash', 'git log --oneline -n 20', 'see the recent history', 'prints the last 20 commits, one line each, with the short hash and the subject'),
  b('bash', 'git stash && git checkout main', 'switch branches without losing your edits', 'saves uncommitted changes on the stash stack and then checks out main'),
  b('bash', 'git reset --hard origin/main', 'throw away local commits and match the remote', 'moves the branch to origin/main and overwrites the working tree, discarding local changes'),
  b('bash', 'git clean -fd', 'remove untracked files from the working tree', 'deletes untracked files (-f) and untracked directories (-d) in the repository'),
  b('bash', 'git push --force-with-lease', 'update the remote branch after a rebase', 'force-pushes only if nobody else has pushed to the branch since your last fetch'),
  b('bash', 'npm install', 'install the project dependencies', 'reads package.json and installs the listed packages into node_modules'),
  b('bash', 'npm ci', 'get a clean, reproducible install', 'deletes node_modules and installs exactly the versions pinned in package-lock.json'),
  b('bash', 'rm -rf node_modules package-lock.json && npm install', 'fix a broken dependency tree', 'removes the installed packages and the lock file, then resolves and installs everything again'),
  b('bash', 'npm cache clean --force', 'clear a corrupted npm cache', 'empties npm\'s local package cache; --force is required because npm normally self-heals it'),
  b('bash', 'pip install requests', 'add the requests library', 'downloads requests from PyPI and installs it into the active environment'),
  b('bash', 'pip install -r requirements.txt', 'install the Python dependencies', 'installs every package listed in requirements.txt'),
  b('bash', 'python3 -m venv .venv && source .venv/bin/activate', 'set up an isolated Python environment', 'creates a virtual environment in .venv and activates it for the current shell'),
  b('bash', 'docker ps -a', 'see all containers, stopped ones too', 'lists running and exited containers (-a) with their IDs, images and status'),
  b('bash', 'docker compose up -d', 'start the stack in the background', 'creates and starts the services from compose.yaml detached (-d)'),
  b('bash', 'docker logs -f --tail 100 «svc»', 'follow the container logs', 'prints the last 100 log lines of the container and keeps streaming new ones (-f)'),
  b('bash', 'docker system prune -f', 'reclaim disk space used by Docker', 'removes stopped containers, unused networks, dangling images and build cache without prompting'),
  b('bash', 'docker build -t myapp:latest .', 'build the image', 'builds an image from the Dockerfile in the current directory and tags it myapp:latest'),
  b('bash', 'kubectl get pods -A', 'list the pods in every namespace', 'shows all pods across namespaces (-A) with their ready count, status and restarts'),
  b('bash', 'kubectl describe pod web-7d9f8c6b5-x2kqp', 'find out why the pod is not starting', 'prints the pod\'s spec, conditions and recent events such as image pull errors'),
  b('bash', 'kubectl rollout restart deployment/web', 'restart the deployment without downtime', 'triggers a rolling restart: new pods come up before the old ones are terminated'),
  b('bash', 'kubectl logs deploy/api --tail=200', 'read the recent API logs', 'prints the last 200 log lines of a pod from the api deployment'),
  b('bash', 'kubectl delete pod web-7d9f8c6b5-x2kqp', 'force the stuck pod to be recreated', 'deletes one pod; its ReplicaSet schedules a replacement right away'),
  b('bash', 'rm build/*.o', 'clear out stale object files', 'deletes the compiled object files in build/, so the next make rebuilds them'),
  b('bash', 'rm -rf ./dist', 'start from a clean build directory', 'deletes the dist folder of the current project and everything in it'),
  b('bash', 'make clean && make -j8', 'rebuild from scratch', 'runs the clean target and then builds with eight parallel jobs'),
  b('bash', 'sudo apt update && sudo apt upgrade -y', 'install the latest package updates', 'refreshes the package lists and upgrades installed packages without asking'),
  b('bash', 'sudo systemctl restart «svc»', 'apply the new configuration', 'stops and starts the «svc» service so it rereads its configuration'),
  b('bash', 'sudo journalctl -u «svc» --since "1 hour ago"', 'see what the service logged recently', 'shows journal entries of the «svc» unit from the last hour'),
  b('bash', 'df -h', 'check how full the disks are', 'reports used and free space per mounted file system in human-readable units'),
  b('bash', 'du -sh * | sort -h', 'find what is taking up space', 'sums the size of each entry in the current directory and sorts the result by size'),
  b('bash', 'free -m', 'check memory usage', 'shows total, used and available memory and swap in megabytes'),
  b('bash', 'chmod 600 ~/.ssh/id_ed25519', 'fix the "permissions are too open" SSH error', 'makes the private key readable and writable by its owner only, which ssh requires'),
  b('bash', 'ssh-keygen -t ed25519 -C "you@example.com"', 'create a new SSH key pair', 'generates an Ed25519 key pair and labels the public key with your e-mail address'),
  b('bash', 'cat ~/.ssh/id_ed25519.pub', 'copy your public key into the Git host', 'prints the public half of the key, which is safe to share'),
  b('bash', 'crontab -l', 'see which jobs are scheduled', 'lists the current user\'s cron entries without changing them'),
  b('bash', 'tail -f /var/log/nginx/error.log', 'watch errors as they happen', 'prints the end of the nginx error log and follows new lines'),
  b('bash', 'grep -rn "TODO" src/', 'find the open TODOs', 'searches src/ recursively (-r) and prints matching lines with their line numbers (-n)'),
  b('bash', 'find . -name "*.log" -mtime +7 -delete', 'remove old log files in the project', 'deletes .log files under the current directory that were last modified more than seven days ago'),
  b('bash', 'tar -czvf backup.tar.gz ./project', 'make a compressed backup of the project', 'creates (-c) a gzip-compressed (-z) archive named by -f, listing files as it goes (-v)'),
  b('bash', "curl -s https://«host»/v1/users | jq '.[].name'", 'list the user names from the API', 'calls the users endpoint silently and lets jq print the name field of each element'),
  b('bash', 'curl -fsSL «url» -o install.sh && less install.sh', 'read the installer before you run anything', 'saves the script to install.sh and opens it in a pager; nothing is executed'),
  b('bash', 'wget https://«host»/releases/app-1.4.2.tar.gz', 'download the release archive', 'saves the tarball into the current directory'),
  b('bash', 'curl -I https://«hostname»', 'check the response headers', 'sends a HEAD request and prints only the headers'),
  b('bash', 'sudo ufw allow 22/tcp', 'keep SSH reachable before enabling the firewall', 'adds a rule that accepts incoming TCP connections on port 22'),
  b('bash', 'sudo ufw status verbose', 'check the firewall rules', 'prints whether ufw is active and lists its rules and default policies'),
  b('bash', 'getenforce', 'check the SELinux mode', 'prints Enforcing, Permissive or Disabled'),
  b('bash', 'ping -c 4 «ip»', 'check that the host is reachable', 'sends four ICMP echo requests (-c 4) and reports round-trip times'),
  b('bash', 'dig +short «hostname»', 'see what the domain resolves to', 'queries DNS and prints only the resulting addresses'),
  b('bash', 'ssh «user»@«ip»', 'log in to the server', 'opens an SSH session as «user» on «ip»'),
  b('bash', 'scp ./report.pdf «user»@«ip»:/home/«user»/', 'copy the report to the server', 'copies the file over SSH into the user\'s home directory on «ip»'),
  b('bash', 'openssl x509 -in cert.pem -noout -dates', 'check when the certificate expires', 'reads cert.pem and prints its notBefore and notAfter dates'),
  b('bash', 'history | grep docker', 'find that docker command you ran yesterday', 'filters your shell history for lines containing docker'),
  b('bash', 'aws sts get-caller-identity', 'check which AWS identity the CLI is using', 'prints the account, user ID and ARN of the current credentials'),
  b('bash', 'aws s3 ls s3://my-bucket/reports/', 'list the uploaded reports', 'lists the objects under the reports/ prefix of the bucket'),
  b('bash', 'terraform plan -out=tfplan', 'preview the infrastructure changes', 'computes what Terraform would change and saves the plan to tfplan'),
  b('bash', 'brew install jq', 'install jq on macOS', 'installs the jq JSON processor with Homebrew'),
  b('bash', 'sudo apt install --only-upgrade openssl', 'pull in the patched OpenSSL package', 'upgrades openssl to the newest version in the configured repositories and leaves other packages alone'),
  b('bash', 'npm install lodash@4.17.21', 'move to the fixed lodash release', 'installs exactly version 4.17.21 of lodash and updates package.json and the lock file'),
  b('bash', 'pip install --upgrade "jinja2>=3.1.4"', 'get the patched Jinja2', 'upgrades Jinja2 to at least 3.1.4 in the active environment'),
  b('bash', 'sudo dnf upgrade --refresh', 'install every pending update', 'refreshes the repository metadata and upgrades all installed packages'),
  b('bash', 'docker pull nginx:1.27.1 && docker compose up -d', 'roll the proxy forward to the patched image', 'downloads the fixed nginx image and recreates the containers that use it'),
  b('powershell', 'winget upgrade --id Git.Git -e', 'update Git for Windows', 'upgrades the installed Git package to the latest release'),
  b('bash', 'sudo lsof -i :8080', 'see what is using port 8080', 'lists the processes with an open network socket on port 8080'),
  b('powershell', 'Get-ChildItem -Force', 'see every file, hidden ones included', 'lists the items in the current folder; -Force includes hidden and system files'),
  b('powershell', 'Get-Process | Sort-Object CPU -Descending | Select-Object -First 10', 'find the processes using the most CPU', 'sorts running processes by CPU time and shows the top ten'),
  b('powershell', "Get-Service | Where-Object Status -eq 'Running'", 'list the running services', 'filters the service list to those whose status is Running'),
  b('powershell', 'Restart-Service -Name Spooler', 'unstick the print queue', 'stops and starts the Print Spooler service'),
  b('powershell', 'Get-MpComputerStatus', 'check that Defender is up to date', 'shows Defender\'s protection status, engine version and signature age'),
  b('powershell', 'Update-MpSignature', 'update the Defender signatures', 'downloads and installs the latest Defender definitions'),
  b('powershell', 'Test-NetConnection «hostname» -Port 443', 'check whether the port is open', 'resolves the host and tries a TCP connection to port 443'),
  b('powershell', 'Invoke-WebRequest -Uri https://«host»/v1/status -UseBasicParsing | Select-Object StatusCode', 'check that the API answers', 'requests the status endpoint and shows only the HTTP status code'),
  b('powershell', 'Invoke-WebRequest https://«host»/downloads/tool.zip -OutFile tool.zip', 'download the archive', 'saves the zip file into the current folder without opening it'),
  b('powershell', 'Get-WinEvent -LogName System -MaxEvents 20', 'read the latest system events', 'prints the 20 newest entries of the System event log'),
  b('powershell', 'Install-Module -Name Az -Scope CurrentUser', 'install the Azure PowerShell module', 'installs the Az module from the PowerShell Gallery for the current user only'),
  b('powershell', 'winget install --id Git.Git -e', 'install Git on Windows', 'installs the package whose ID is exactly (-e) Git.Git'),
  b('powershell', 'Remove-Item .\\bin\\Debug -Recurse -Force', 'clear the stale debug build', 'deletes the project\'s bin\\Debug folder and its contents'),
  b('powershell', 'Get-ExecutionPolicy -List', 'see which execution policy applies', 'shows the execution policy for each scope'),
  b('powershell', 'Get-Content .\\app.log -Tail 50 -Wait', 'watch the application log', 'prints the last 50 lines of app.log and keeps following it'),
  b('cmd', 'ipconfig /all', 'see your network configuration', 'prints every adapter with its IP address, DNS servers and MAC address'),
  b('cmd', 'ipconfig /flushdns', 'clear stale DNS entries', 'empties the DNS resolver cache'),
  b('cmd', 'dir /a', 'list every file, hidden ones included', 'lists the folder\'s contents with all attributes (/a)'),
  b('cmd', 'sfc /scannow', 'repair damaged system files', 'checks protected system files and replaces corrupted ones from the component store'),
  b('cmd', 'DISM /Online /Cleanup-Image /RestoreHealth', 'repair the Windows component store', 'checks the running image and downloads replacements for damaged components'),
  b('cmd', 'chkdsk C: /scan', 'check the drive for errors', 'scans the C: volume online without locking it'),
  b('cmd', 'netstat -ano | findstr :8080', 'see which process holds port 8080', 'lists connections with owning process IDs and filters for port 8080'),
  b('cmd', 'tasklist /fi "imagename eq node.exe"', 'check whether node is still running', 'lists processes whose image name is node.exe'),
  b('cmd', 'systeminfo', 'see the OS version and uptime', 'prints the Windows edition, build, install date, boot time and hotfixes'),
  b('cmd', 'gpupdate /force', 'apply the new group policy', 'refreshes user and computer policies immediately'),
  b('cmd', 'schtasks /query /fo LIST', 'see which scheduled tasks exist', 'lists scheduled tasks in list format without changing any'),
  b('cmd', 'reg query HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', 'see what starts at logon', 'reads the Run key and prints its values; nothing is changed'),
  b('cmd', 'del /q %TEMP%\\*.tmp', 'clean up temporary files', 'deletes .tmp files in your temp folder quietly'),
  b('cmd', 'net use Z: \\\\fileserver\\share', 'map the team share', 'connects the network share to drive letter Z:'),
  // Admin commands that look scary but stay within a narrow, intended scope.
  b('bash', 'rm -rf ./build', 'start the build from a clean slate', 'deletes the build folder of the current project; the next build recreates it'),
  b('bash', 'rm -rf build/ dist/ .cache/', 'throw away every generated artefact in the project', 'removes the build, dist and .cache folders of the current repository and nothing outside it'),
  b('bash', 'rm -rf ~/.cache/pip', 'free the space taken by the pip download cache', 'deletes pip\'s cache of downloaded wheels; pip fills it again when needed'),
  b('bash', 'docker system prune -a --volumes', 'reclaim every byte Docker is holding on to', 'removes stopped containers, unused images, networks, build cache and unused volumes after asking for confirmation'),
  b('bash', 'docker volume prune -f', 'delete the volumes no container uses any more', 'removes every volume that is not attached to a container, without prompting'),
  b('bash', 'docker image prune -a -f', 'get rid of old images', 'deletes every image that no container references'),
  b('bash', 'docker rm -f $(docker ps -aq)', 'remove every container on your laptop', 'force-removes all containers, running or stopped, listed by docker ps -aq'),
  b('bash', 'kubectl delete pod «pod» -n dev', 'recreate the stuck pod in the dev namespace', 'deletes one pod in the dev namespace; its controller starts a fresh copy'),
  b('bash', 'kubectl delete namespace feature-login-preview', 'tear down the preview environment', 'deletes the preview namespace and everything the branch deployed into it'),
  b('bash', 'kubectl scale deployment/api --replicas=0 -n staging', 'pause the staging API', 'scales the api deployment in staging down to zero pods; scaling it back up restores it'),
  b('bash', 'chmod 700 ~/.ssh', 'tighten the permissions on your SSH folder', 'lets only the owner read, write and enter ~/.ssh'),
  b('bash', 'chmod +x ./scripts/build.sh', 'make the build script executable', 'sets the executable bit on the project\'s build script'),
  b('bash', 'sudo chown -R $USER:$USER ~/.npm', 'fix the EACCES errors from npm', 'gives your user ownership of the npm cache folder again'),
  b('bash', 'sudo iptables -L -n -v', 'list the current firewall rules', 'prints every iptables chain with numeric addresses (-n) and packet counters (-v); nothing is changed'),
  b('bash', 'sudo iptables -A INPUT -p tcp --dport 443 -j ACCEPT', 'open HTTPS on the firewall', 'appends a rule that accepts incoming TCP traffic on port 443'),
  b('bash', 'sudo apt autoremove', 'remove packages nothing depends on any more', 'uninstalls automatically installed packages that are no longer needed, after asking'),
  b('bash', 'sudo apt-get clean', 'empty the package download cache', 'deletes downloaded .deb files from /var/cache/apt/archives'),
  b('bash', 'sudo journalctl --vacuum-time=7d', 'shrink the systemd journal', 'deletes archived journal files older than seven days'),
  b('bash', 'git clean -xfd', 'reset the working tree to what is committed', 'deletes untracked and ignored files and folders inside the repository'),
  b('bash', 'git branch -D feature/old-login', 'delete the merged feature branch', 'force-deletes the local branch feature/old-login; the remote copy stays'),
  b('bash', 'git reset --hard HEAD~1', 'undo the last local commit', 'moves the branch back one commit and discards its changes from the working tree'),
  b('bash', 'npm uninstall -g create-react-app', 'remove the old global scaffolding tool', 'uninstalls the globally installed create-react-app package'),
  b('bash', 'sudo systemctl disable --now cups', 'turn off the print service on the server', 'stops the cups service and keeps it from starting at boot'),
  b('bash', 'pkill -f "node server.js"', 'stop the dev server that is still running', 'sends SIGTERM to processes whose command line matches node server.js'),
  b('bash', 'sudo kill -9 «pid»', 'stop the process that hangs', 'sends SIGKILL to process «pid», which ends it immediately'),
  b('bash', 'truncate -s 0 ./logs/app.log', 'empty the huge log file without deleting it', 'cuts app.log to zero bytes while the app keeps its file handle'),
  b('bash', 'sudo reboot', 'apply the kernel update', 'restarts the machine'),
  b('bash', 'sudo umount /mnt/usb', 'detach the USB drive safely', 'unmounts the file system mounted at /mnt/usb'),
  b('bash', 'lsblk -f', 'see which disks and partitions exist', 'lists block devices with their file systems, labels and mount points'),
  b('bash', 'ssh-keygen -R «ip»', 'fix the "host key has changed" warning after a rebuild', 'removes the old entry for «ip» from known_hosts'),
  b('bash', 'sudo usermod -aG docker $USER', 'use Docker without sudo', 'adds your user to the docker group (-a keeps the existing groups)'),
  b('bash', 'sudo tcpdump -i eth0 port 443 -c 100', 'capture a sample of the HTTPS traffic', 'records 100 packets on eth0 to or from port 443 and prints them'),
  b('bash', 'sudo ufw enable', 'switch the firewall on', 'activates ufw with its configured rules and enables it at boot'),
  b('bash', 'sudo setenforce 1', 'put SELinux back into enforcing mode', 'switches SELinux to enforcing until the next reboot'),
  b('bash', 'sha256sum -c SHA256SUMS', 'verify the downloaded files', 'recomputes the checksum of every file listed in SHA256SUMS and reports OK or FAILED'),
  b('bash', 'nc -zv «hostname» 5432', 'check that the database port is reachable', 'tries a TCP connection to port 5432 without sending data (-z) and reports the result'),
  b('powershell', 'Get-Process chrome | Stop-Process -Force', 'close every frozen Chrome window', 'finds the chrome processes and ends them'),
  b('powershell', 'Remove-Item -Recurse -Force .\\node_modules', 'delete node_modules on Windows', 'removes the node_modules folder of the current project and everything in it'),
  b('powershell', 'Remove-Item $env:TEMP\\* -Recurse -Force -ErrorAction SilentlyContinue', 'clear out your temp folder', 'deletes what it can in your user temp folder and skips files that are in use'),
  b('powershell', 'Clear-RecycleBin -Force', 'empty the recycle bin', 'empties the recycle bin on every drive without asking'),
  b('powershell', 'Set-ExecutionPolicy RemoteSigned -Scope CurrentUser', 'allow your own local scripts to run', 'lets local scripts run for your user while downloaded scripts still need a signature'),
  b('powershell', 'Get-NetFirewallProfile | Format-Table Name, Enabled', 'check whether the firewall is on', 'shows each firewall profile and whether it is enabled'),
  b('powershell', 'Restart-Computer -Force', 'finish installing the updates', 'restarts the computer even if users are logged on'),
  b('cmd', 'rd /s /q .\\build', 'delete the build folder on Windows', 'removes the build folder in the current directory and its contents without asking'),
  b('cmd', 'taskkill /IM node.exe /F', 'stop every node process', 'force-ends all processes whose image name is node.exe'),
  b('cmd', 'shutdown /r /t 0', 'restart the PC right away', 'restarts Windows with no delay'),
  b('cmd', 'certutil -hashfile setup.exe SHA256', 'check the installer\'s checksum', 'computes the SHA-256 hash of setup.exe so you can compare it with the published one'),
  b('cmd', 'netsh advfirewall show allprofiles', 'see the Windows firewall settings', 'prints the state and policy of every firewall profile; nothing is changed'),
  b('cmd', 'vssadmin list shadows', 'see which restore points exist', 'lists the volume shadow copies on the machine without changing them'),
];

/** Draws a benign command (optionally one whose template matches) and fills its slots. */
export function drawBenign(r: Rng, s: Slots, match?: RegExp): BenignCmd {
  const pool = match ? BENIGN.filter((x) => match.test(x.t)) : BENIGN;
  const x = r.pick(pool);
  const text = s.fill(x.t);
  return { sh: x.sh, text, purpose: s.fill(x.purpose), what: s.fill(x.what), multiline: text.includes('\n') };
}
