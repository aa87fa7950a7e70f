from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!\n"


@app.get("/health")
def health():
    return "ok\n"


if __name__ == "__main__":
    print("Serving on port 5000", flush=True)
    app.run(host="0.0.0.0", port=5000)
