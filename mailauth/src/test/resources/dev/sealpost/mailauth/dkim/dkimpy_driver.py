# Drives dkimpy (Debian's python3-dkim) for Sealpost's interop tests.
#   verify MSG RECORDS.json  -> one line per DKIM-Signature: "True" or "False"
#   sign MSG KEY SELECTOR DOMAIN ALGORITHM LENGTH -> the DKIM-Signature field dkimpy makes
import json
import sys

import dkim


def main():
    mode = sys.argv[1]
    with open(sys.argv[2], 'rb') as f:
        message = f.read()
    if mode == 'verify':
        with open(sys.argv[3]) as f:
            records = json.load(f)

        def dnsfunc(name, timeout=5):
            return records.get(name.decode('ascii').rstrip('.'), '').encode('ascii') or None

        d = dkim.DKIM(message)
        count = sum(1 for line in message.split(b'\r\n') if line.lower().startswith(b'dkim-signature:'))
        for i in range(count):
            try:
                print(d.verify(idx=i, dnsfunc=dnsfunc))
            except dkim.ValidationError:
                print(False)
    else:
        with open(sys.argv[3], 'rb') as f:
            key = f.read()
        sig = dkim.sign(message, sys.argv[4].encode(), sys.argv[5].encode(), key,
                        signature_algorithm=sys.argv[6].encode(), length=sys.argv[7] == 'true',
                        include_headers=[b'from', b'to', b'subject', b'date', b'message-id'])
        sys.stdout.write(sig.decode('ascii'))


main()
