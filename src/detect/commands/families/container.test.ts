import { describe, expect, it } from 'vitest';
import { commandsDetector } from '../index.js';

const detect = (text: string) => commandsDetector.detect(text, { present: new Set(), view: 'original' });
const SOCKET = 'commands.container.docker-socket-mount';

describe('docker-socket-mount', () => {
  it.each([
    'docker run -it --rm -v /var/run/docker.sock:/var/run/docker.sock alpine sh',
    'docker run --rm -v /var/run/docker.sock:/var/run/docker.sock docker:24-dind docker ps',
    'docker run -d -v /var/run/docker.sock:/var/run/docker.sock portainer/agent:latest sh',
    'docker run -v /run/containerd/containerd.sock:/run/containerd/containerd.sock -it ubuntu bash',
    'docker run -v /var/run:/var/run -it alpine sh',
    'curl --unix-socket /var/run/docker.sock -X POST http://localhost/v1.43/containers/create -d @c.json',
  ])('%s', (text) => {
    expect(detect(text).find((f) => f.rule === SOCKET)).toMatchObject({ severity: 'high', attack: 'T1611' });
  });

  it('says when the image is a docker-in-docker one', () => {
    const f = detect('docker run --rm -v /var/run/docker.sock:/var/run/docker.sock docker:cli docker ps').find((x) => x.rule === SOCKET);
    expect(f!.message).toContain('docker-in-docker');
  });

  it.each([
    'docker run -d --name agent -v /var/run/docker.sock:/var/run/docker.sock portainer/agent:latest',
    'docker run -d -v /var/run/docker.sock:/var/run/docker.sock:ro containrrr/watchtower',
    'docker run -v /var/lib/docker:/data alpine ls /data',
    'docker run -v /run/user/1000/app:/app alpine ls',
    'ls -l /var/run/docker.sock',
    'curl --unix-socket /var/run/docker.sock http://localhost/containers/json',
  ])('stays quiet on %s', (text) => {
    expect(detect(text).map((f) => f.rule)).not.toContain(SOCKET);
  });

  it('still reports --privileged and the host root', () => {
    expect(detect('docker run --privileged -it alpine sh')[0]).toMatchObject({ rule: 'commands.container.privileged-run', severity: 'medium' });
    expect(detect('docker run -v /:/host -it alpine chroot /host')[0]).toMatchObject({ rule: 'commands.container.privileged-run', severity: 'high' });
    expect(detect('docker run --privileged --pid=host -it alpine nsenter -t 1 -m -u -n -i sh')[0]).toMatchObject({ rule: 'commands.container.privileged-run', severity: 'high' });
  });
});
