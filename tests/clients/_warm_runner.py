"""Runs client scripts in forks of one warm interpreter, each as ``python script.py`` would.

``import torch`` costs PyTorch 2 s, and its first optimizer 2 s more (it imports
torch._dynamo); paid once per script, that would be most of the suite's time.
This process imports the library once (``torch``, which the PYTHONPATH it was
started with makes PyTorch or minitorch), then forks one child per script: the
child changes to the script's working directory, points its standard output
and error at files, sets ``sys.argv`` and ``sys.path[0]`` as the interpreter
does, and runs the script as ``__main__``. Nothing random is drawn before the
fork, so each child starts from the state of a fresh process.

Protocol: one JSON request a line on stdin, ``{"script", "cwd", "stdout",
"stderr", "timeout"}``; one JSON answer a line on stdout, ``{"returncode"}``
(``None`` after a timeout, when the child is killed).
"""

import json
import os
import runpy
import signal
import sys
import time
import traceback



def warm_up():
    """Import what every script imports; a failure here is left for the scripts to meet and report."""
    try:
        import torch
        import torch.nn  # noqa: F401
        import torch.nn.functional  # noqa: F401
        import torch.optim
        import torch.utils.data  # noqa: F401

        # PyTorch imports torch._dynamo when the first optimizer is built: do it now, on a throwaway tensor.
        torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    except Exception:  # noqa: BLE001
        pass


def run_child(request):
    """In the forked child: run the script like `python script`, then exit with its status."""
    code = 1
    try:
        os.chdir(request["cwd"])
        for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
            target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(target, fd)
            os.close(target)
        sys.stdin = open(os.devnull)
        script = os.path.abspath(request["script"])
        sys.argv = [script]
        sys.path[0] = os.path.dirname(script)
        runpy.run_path(script, run_name="__main__")
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:  # noqa: B036  (report everything, as the interpreter would)
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def wait(pid, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


def main():
    warm_up()
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            run_child(request)
        returncode = wait(pid, request["timeout"])
        print(json.dumps({"returncode": returncode}), flush=True)


if __name__ == "__main__":
    main()
