# Reads DSN files with Python's email package (an independent parser) and prints one JSON summary per
# file: content types, report-type, part structure, delivery-status fields and the parser's defects.
import email, email.policy, json, sys

def fields(block):
    return {k.lower(): str(v) for k, v in block.items()}

def summary(path):
    with open(path, "rb") as f:
        msg = email.message_from_bytes(f.read(), policy=email.policy.default)
    out = {"file": path, "type": msg.get_content_type(),
           "report_type": msg.get_param("report-type"), "subject": str(msg["subject"]),
           "to": str(msg["to"]), "auto_submitted": str(msg["auto-submitted"]),
           "multipart": msg.is_multipart(), "parts": [], "defects": [type(d).__name__ for d in msg.defects]}
    if not msg.is_multipart():
        return out
    for part in msg.get_payload():
        p = {"type": part.get_content_type(), "defects": [type(d).__name__ for d in part.defects]}
        if p["type"] == "text/plain":
            p["text"] = part.get_content()
        elif p["type"] == "message/delivery-status":
            blocks = part.get_payload()
            p["per_message"] = fields(blocks[0])
            p["recipients"] = [fields(b) for b in blocks[1:]]
        elif p["type"] == "message/rfc822":
            inner = part.get_payload()[0]
            p["inner_subject"] = str(inner["subject"])
            p["inner_body"] = inner.get_payload()
        else:
            p["text"] = part.get_payload(decode=True).decode("utf-8", "replace")
        out["parts"].append(p)
    return out

for path in sys.argv[1:]:
    print(json.dumps(summary(path)))
