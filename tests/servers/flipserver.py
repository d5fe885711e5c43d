"""httpserver.py whose status code is read from the file named by $FLIP on
every request, so a test flips a probe by writing 200 or 500 to that file."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import httpserver  # noqa: E402

plain = httpserver.reply


def reply(c, code, body=b"", headers=()):
    try:
        with open(os.environ["FLIP"]) as f:
            code = int(f.read())
    except (OSError, ValueError):
        pass
    plain(c, code, body, headers)


httpserver.reply = reply
sys.argv = sys.argv[:1]
httpserver.main()
