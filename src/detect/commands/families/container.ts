import { normPath, operands, optionValue, type Cmd, type CommandRule, type Env } from '../model.js';

export const CONTAINER_RULES: CommandRule[] = [
  {
    id: 'commands.container.privileged-run',
    family: 'container',
    severity: 'high',
    score: 0.75,
    attack: 'T1611',
    description: 'Container started privileged and/or with the host root filesystem mounted (container escape)',
    examples: {
      tp: ['docker run --rm -it --privileged -v /:/host alpine chroot /host sh', 'podman run -v /:/mnt:rw --pid=host ubuntu', 'docker run --privileged --pid=host -it debian nsenter -t 1 -m -u -n -i sh'],
      fp: ['docker run -p 8080:80 nginx', 'docker run --rm -v "$(pwd)":/app -w /app node:20 npm test', 'docker run -v /srv/data:/data postgres:16'],
    },
  },
  {
    id: 'commands.container.host-namespace',
    family: 'container',
    severity: 'high',
    score: 0.8,
    attack: 'T1611',
    description: "Entering the host's namespaces or root (nsenter -t 1, chroot /host)",
    examples: {
      tp: ['nsenter -t 1 -m -u -i -n -p -- bash', 'nsenter --target 1 --mount --uts --ipc --net --pid sh', 'chroot /host /bin/bash'],
      fp: ['nsenter -t 23817 -n ip addr', 'sudo arch-chroot /mnt', 'chroot /mnt/sysimage'],
    },
  },
  {
    id: 'commands.container.metadata-endpoint',
    family: 'container',
    severity: 'medium',
    score: 0.6,
    attack: 'T1552.005',
    description: 'Cloud instance metadata service queried (credentials and tokens live there)',
    examples: {
      tp: ['curl http://169.254.169.254/latest/meta-data/iam/security-credentials/', 'curl -H "Metadata-Flavor: Google" http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token', 'Invoke-RestMethod -Headers @{Metadata="true"} -Uri "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/"'],
      fp: ['iptables -A OUTPUT -d 169.254.169.254 -j DROP', 'The metadata service lives at 169.254.169.254 on every instance.', 'curl https://api.example.com/v1/metadata'],
    },
  },
  {
    id: 'commands.container.kube-system-exec',
    family: 'container',
    severity: 'high',
    score: 0.75,
    attack: 'T1609',
    description: 'kubectl exec into a kube-system pod (control-plane access)',
    examples: {
      tp: ['kubectl exec -it -n kube-system etcd-master -- sh', 'kubectl -n kube-system exec kube-proxy-x7k2p -- cat /var/lib/kube-proxy/kubeconfig.conf', 'kubectl exec --namespace=kube-system -it coredns-5d78c9869d-abcde -- /bin/sh'],
      fp: ['kubectl get pods -n kube-system', 'kubectl exec -it web-7d9f8 -- bash', 'kubectl logs -n kube-system coredns-5d78c9869d-abcde'],
    },
  },
  {
    id: 'commands.container.cluster-admin-binding',
    family: 'container',
    severity: 'high',
    score: 0.8,
    attack: 'T1098.006',
    description: 'cluster-admin granted through a (cluster) role binding',
    examples: {
      tp: ['kubectl create clusterrolebinding pwn --clusterrole=cluster-admin --serviceaccount=default:default', 'kubectl create clusterrolebinding anon --clusterrole cluster-admin --user system:anonymous', 'kubectl create rolebinding x --clusterrole=cluster-admin --group=system:authenticated -n prod'],
      fp: ['kubectl get clusterrolebindings', 'kubectl create clusterrolebinding viewers --clusterrole=view --group=devs', 'kubectl describe clusterrole cluster-admin'],
    },
  },
  {
    id: 'commands.container.docker-socket-mount',
    family: 'container',
    severity: 'high',
    score: 0.75,
    attack: 'T1611',
    description: "The host's Docker/containerd socket is handed to a container or driven directly: code in it controls the host's container runtime, which is root on the host (docker-in-docker CI jobs mount it too, with the same power)",
    examples: {
      tp: ['docker run -it --rm -v /var/run/docker.sock:/var/run/docker.sock docker:cli sh', 'podman run --mount type=bind,source=/run/docker.sock,target=/var/run/docker.sock -it ubuntu bash', 'curl -s --unix-socket /var/run/docker.sock -X POST -H "Content-Type: application/json" -d @c.json http://localhost/containers/create'],
      fp: ['docker run -d --name agent -v /var/run/docker.sock:/var/run/docker.sock portainer/agent:latest', 'docker run -v /var/lib/docker:/data alpine ls /data', 'curl --unix-socket /var/run/docker.sock http://localhost/containers/json'],
    },
  },
];

const METADATA = /(?:^|[/@[])(?:169\.254\.169\.254|metadata\.google\.internal|fd00:ec2::254|169\.254\.170\.2|100\.100\.100\.200|metadata\.azure\.com)(?:[:/\]]|$)/;
const METADATA_SECRET = /security-credentials|service-accounts|\/token|identity|credentials|user-data|169\.254\.170\.2/;
const FETCHERS = new Set(['curl', 'wget', 'http', 'fetch', 'invoke-webrequest', 'invoke-restmethod', 'iwr', 'irm', 'nc', 'ncat', 'python', 'python3', 'lynx']);
const HOST_ROOTS = new Set(['/host', '/hostfs', '/host-root', '/rootfs', '/mnt/host', '/proc/1/root', '/host/']);

function dockerRun(c: Cmd, env: Env): void {
  if (c.name !== 'docker' && c.name !== 'podman' && c.name !== 'nerdctl') return;
  const sub = c.lower[0] === 'container' ? c.lower[1] : c.lower[0];
  if (sub !== 'run' && sub !== 'create') return;
  const end = c.args.findIndex((a, i) => i > 0 && !a.startsWith('-') && !isOptionValue(c.args, i));
  const opts = c.lower.slice(0, end < 0 ? c.lower.length : end);
  const privileged = opts.some((a) => a === '--privileged' || a === '--privileged=true');
  let hostRoot = false;
  let socket: string | undefined;
  for (let i = 0; i < opts.length; i++) {
    const a = opts[i]!;
    let v: string | undefined;
    if (a === '-v' || a === '--volume' || a === '--mount') v = opts[i + 1];
    else if (a.startsWith('--volume=') || a.startsWith('--mount=')) v = a.slice(a.indexOf('=') + 1);
    else if (a.startsWith('-v') && a.length > 2) v = a.slice(2);
    if (!v) continue;
    if (v.startsWith('/:') || /(?:^|,)(?:source|src)=\/(?:,|$)/.test(v)) hostRoot = true;
    const sock = RUNTIME_SOCKET.exec(v);
    if (sock) socket ??= sock[1]!;
  }
  if (socket !== undefined) dockerSocket(c, env, sub, socket, end < 0 ? undefined : end, opts);
  const pidHost = opts.some((a) => a === '--pid=host') || opts.some((a, i) => a === '--pid' && opts[i + 1] === 'host');
  const capAdmin = opts.some((a, i) => (a.startsWith('--cap-add=') && /sys_admin|all$/.test(a)) || (a === '--cap-add' && /sys_admin|^all$/.test(opts[i + 1] ?? '')));
  const parts = [privileged && '--privileged', hostRoot && 'the host root filesystem mounted', pidHost && 'the host PID namespace', capAdmin && 'CAP_SYS_ADMIN'].filter(Boolean).join(', ');
  if (privileged && hostRoot) env.report('commands.container.privileged-run', c, `${c.name} ${sub} with ${parts}`, { severity: 'critical', score: 0.9 });
  else if (hostRoot || (privileged && (pidHost || capAdmin))) env.report('commands.container.privileged-run', c, `${c.name} ${sub} with ${parts}`);
  else if (privileged || (capAdmin && pidHost)) env.report('commands.container.privileged-run', c, `${c.name} ${sub} with ${parts}`, { severity: 'medium', score: 0.5 });
}

/** A bind of the runtime socket (or of the directory holding it): `-v SRC:DST`, `--mount source=SRC`. */
const RUNTIME_SOCKET = /^(?:[^,]{0,256},)?(?:(?:source|src)=)?((?:\/var)?\/run(?:\/(?:docker|containerd\/containerd|crio\/crio|podman\/podman)\.sock)?)(?:[:,]|$)/;
/** Images whose documented setup mounts the socket (management agents, proxies, CI runners). */
const SOCKET_IMAGES = new Set(['portainer/agent', 'portainer/portainer', 'portainer/portainer-ce', 'portainer/portainer-ee', 'containrrr/watchtower', 'traefik', 'cadvisor/cadvisor', 'google/cadvisor', 'amir20/dozzle', 'datadog/agent', 'datadoghq/agent', 'gitlab/gitlab-runner', 'jwilder/nginx-proxy', 'nginxproxy/nginx-proxy', 'nginxproxy/acme-companion']);

/** Image name without registry host, tag or digest: `gcr.io/cadvisor/cadvisor:v0.47` → `cadvisor/cadvisor`. */
function imageName(image: string): string {
  let v = image.split('@')[0]!;
  const colon = v.lastIndexOf(':');
  if (colon > v.lastIndexOf('/')) v = v.slice(0, colon);
  const parts = v.split('/');
  if (parts.length > 2 || (parts.length === 2 && parts[0]!.includes('.'))) parts.shift();
  return parts.join('/');
}

function dockerSocket(c: Cmd, env: Env, sub: string, socket: string, image: number | undefined, opts: readonly string[]): void {
  const name = image === undefined ? '' : imageName(c.lower[image]!);
  const overridden = image === undefined || image < c.args.length - 1 || opts.some((a) => a === '--entrypoint' || a.startsWith('--entrypoint='));
  if (SOCKET_IMAGES.has(name) && !overridden) return;
  const what = socket.endsWith('.sock') ? socket : `${socket} (with the runtime sockets)`;
  const dind = name === 'docker' || name.startsWith('docker/') || name.includes('dind');
  env.report('commands.container.docker-socket-mount', c, `${c.name} ${sub} mounts ${what} into ${name || 'a container'}${dind ? ' (a docker-in-docker setup: the job can start privileged containers on the host)' : ''}`);
}

const DOCKER_SOCKET_API = /^https?:\/\/(?:localhost|docker|[\d.]{7,15})?(?::\d{1,5})?\/(?:v[\d.]{1,8}\/)?(?:containers\/(?:create|[^/?]{1,128}\/exec)|exec\/[^/?]{1,128}\/start)/;

/** curl --unix-socket /var/run/docker.sock ... /containers/create: the Docker API driven by hand. */
function socketApi(c: Cmd, env: Env): void {
  if (c.name !== 'curl') return;
  const sock = optionValue(c, '', ['--unix-socket']);
  if (!sock || !RUNTIME_SOCKET.test(sock)) return;
  const url = c.lower.find((a) => DOCKER_SOCKET_API.test(a));
  if (url) env.report('commands.container.docker-socket-mount', c, `curl drives the Docker API over ${sock} (${url.includes('exec') ? 'exec in a container' : 'creates a container'})`);
}

const DOCKER_VALUE_OPTS = new Set(['-v', '--volume', '--mount', '-e', '--env', '-p', '--publish', '-w', '--workdir', '--name', '-u', '--user', '--network', '--net', '--entrypoint', '-h', '--hostname', '--pid', '--cap-add', '--cap-drop', '-l', '--label', '--env-file', '--device', '--security-opt', '--restart', '-m', '--memory', '--cpus', '--platform', '--ipc', '--userns', '--add-host', '--dns']);

function isOptionValue(args: readonly string[], i: number): boolean {
  return DOCKER_VALUE_OPTS.has((args[i - 1] ?? '').toLowerCase());
}

function hostNamespace(c: Cmd, env: Env): void {
  if (c.name === 'nsenter') {
    const target = optionValue(c, 't', ['--target']);
    const mnt = c.lower.some((a) => a.startsWith('--mount=/proc/1/') || a.startsWith('-m/proc/1/'));
    if (target === '1' || mnt) env.report('commands.container.host-namespace', c, 'nsenter joins the namespaces of PID 1 (the host)');
    return;
  }
  if (c.name === 'chroot') {
    const root = operands(c)[0];
    if (root !== undefined && HOST_ROOTS.has(normPath(root))) env.report('commands.container.host-namespace', c, `chroot into ${normPath(root)} (the mounted host filesystem)`);
  }
}

function metadata(c: Cmd, env: Env): void {
  if (!FETCHERS.has(c.name)) return;
  const target = c.lower.find((a) => METADATA.test(a));
  if (!target) return;
  const secret = METADATA_SECRET.test(target);
  env.report('commands.container.metadata-endpoint', c, `${c.name} queries the instance metadata service${secret ? ' for credentials or tokens' : ''}`, secret ? { severity: 'high', score: 0.8 } : {});
}

function kubectl(c: Cmd, env: Env): void {
  if (c.name !== 'kubectl' && c.name !== 'oc' && c.name !== 'k3s') return;
  const l = c.lower;
  const dash = l.indexOf('--');
  const head = dash < 0 ? l : l.slice(0, dash);
  if (head.includes('exec') || head.includes('attach')) {
    const ns = head.some((a, i) => ((a === '-n' || a === '--namespace') && head[i + 1] === 'kube-system') || a === '--namespace=kube-system' || a === '-nkube-system' || a === '-n=kube-system');
    if (ns) env.report('commands.container.kube-system-exec', c, `${c.name} ${head.includes('exec') ? 'exec' : 'attach'} into a kube-system pod`);
    return;
  }
  if (head.includes('create') && (head.includes('clusterrolebinding') || head.includes('rolebinding'))) {
    const admin = head.some((a, i) => a === '--clusterrole=cluster-admin' || (a === '--clusterrole' && head[i + 1] === 'cluster-admin'));
    if (!admin) return;
    const anonymous = head.some((a) => a.includes('system:anonymous') || a.includes('system:unauthenticated') || a.includes('system:authenticated'));
    env.report('commands.container.cluster-admin-binding', c, `cluster-admin bound to ${anonymous ? 'anonymous or all authenticated users' : 'a user, group or service account'}`, anonymous ? { severity: 'critical', score: 0.95 } : {});
  }
}

export function containerCommand(c: Cmd, env: Env): void {
  dockerRun(c, env);
  socketApi(c, env);
  hostNamespace(c, env);
  metadata(c, env);
  kubectl(c, env);
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const CONTAINER_PATTERNS: readonly RegExp[] = [METADATA, METADATA_SECRET, /(?:^|,)(?:source|src)=\/(?:,|$)/, /sys_admin|all$/, /sys_admin|^all$/, RUNTIME_SOCKET, DOCKER_SOCKET_API];
