"""Runs a command under a pseudo-terminal and plays a script of steps against it.

Usage: pty-driver.py STEPS.json ROWS COLS -- CMD ARGS...
Steps: {"expect": TEXT} waits (up to "timeout" s, default 30) until TEXT appears in the output
after the previous match, ANSI escapes removed; {"send": TEXT} types TEXT; {"resize": [ROWS, COLS]}
changes the terminal size (the kernel sends SIGWINCH); {"signal": "SIGTERM"} signals the
command; {"sleep": S}. Prints JSON
{"code", "output", "failed"} where output is the raw transcript and failed names the step that
timed out (null when all passed). The test asserts on it; this script only drives the terminal.
"""
import fcntl, json, os, re, select, signal, struct, subprocess, sys, termios, time

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1b[=>]")


def set_size(fd, rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def main():
    steps = json.load(open(sys.argv[1]))
    rows, cols = int(sys.argv[2]), int(sys.argv[3])
    cmd = sys.argv[sys.argv.index("--") + 1:]
    master, slave = os.openpty()
    set_size(slave, rows, cols)

    def child_setup():
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, preexec_fn=child_setup, close_fds=True)
    os.close(slave)
    raw = b""
    cursor = 0
    failed = None

    def pump(timeout):
        nonlocal raw
        ready, _, _ = select.select([master], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(master, 65536)
        except OSError:
            return False
        if not data:
            return False
        raw += data
        return True

    for i, step in enumerate(steps):
        if "expect" in step:
            deadline = time.time() + step.get("timeout", 30)
            while True:
                text = ANSI.sub("", raw.decode("utf-8", "replace"))
                at = text.find(step["expect"], cursor)
                if at != -1:
                    cursor = at + len(step["expect"])
                    break
                if time.time() > deadline or not pump(0.1):
                    if time.time() > deadline or proc.poll() is not None:
                        failed = {"step": i, "expect": step["expect"]}
                        break
            if failed:
                break
        elif "send" in step:
            os.write(master, step["send"].encode("utf-8"))
        elif "resize" in step:
            set_size(master, step["resize"][0], step["resize"][1])
        elif "signal" in step:
            os.kill(proc.pid, getattr(signal, step["signal"]))
        elif "sleep" in step:
            end = time.time() + step["sleep"]
            while time.time() < end:
                pump(0.05)
    deadline = time.time() + 30
    while proc.poll() is None and time.time() < deadline:
        pump(0.1)
    while pump(0.05) and select.select([master], [], [], 0)[0]:
        pass
    if proc.poll() is None:
        proc.kill()
    code = proc.wait()
    print(json.dumps({"code": code, "output": raw.decode("utf-8", "replace"), "failed": failed}))


main()
