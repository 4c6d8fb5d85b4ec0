import base64
import hashlib
import hmac
import json
import os
import time

SECRET = os.environ.get("SECRET_KEY", "dev-secret").encode()


def hash_password(password):
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 100_000)
    return salt.hex() + "$" + digest.hex()


def verify_password(password, stored):
    salt_hex, digest_hex = stored.split("$", 1)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt_hex), 100_000)
    return hmac.compare_digest(digest.hex(), digest_hex)


def create_token(user_id, ttl=86400):
    payload = json.dumps({"sub": user_id, "exp": int(time.time()) + ttl}).encode()
    body = base64.urlsafe_b64encode(payload).decode()
    signature = hmac.new(SECRET, body.encode(), hashlib.sha256).hexdigest()
    return f"{body}.{signature}"


def decode_token(token):
    try:
        body, signature = token.split(".", 1)
    except ValueError:
        return None
    expected = hmac.new(SECRET, body.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        return None
    payload = json.loads(base64.urlsafe_b64decode(body.encode()))
    if payload["exp"] < time.time():
        return None
    return payload["sub"]
