import os

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!\n"


@app.get("/health")
def health():
    return "ok\n"


if __name__ == "__main__":
    # HOST and PORT let a smoke test on a host network pick a free loopback port.
    host = os.environ.get("HOST", "0.0.0.0")
    port = int(os.environ.get("PORT", "5000"))
    print(f"Serving on port {port}", flush=True)
    app.run(host=host, port=port)
