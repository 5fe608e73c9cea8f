package dev.sealpost.cli;

/** The configuration file dev mode writes on first run; also the documented example of every key. */
final class DevConfig {
  private DevConfig() {}

  static String text() {
    return """
        # Sealpost configuration (written by `sealpost dev`; edit freely, it is reused).
        # Relative paths are relative to data-dir; data-dir is relative to this file.
        hostname = "localhost"          # name in the greeting, EHLO reply and Received headers
        data-dir = "."
        domains = ["example.test"]      # local domains: the only ones that receive mail on port 25
        users-file = "users"            # Argon2id hashes; manage with `sealpost user`
        postmaster = "demo@example.test"  # receives postmaster@<each local domain> (RFC 5321 4.5.1)
        shutdown-grace-seconds = 30     # how long SIGTERM waits for messages in flight

        # Extra MAIL FROM addresses per authenticated user; a user may always use their own address.
        # Patterns: a full address, "@domain" for any address there, "<>" for the null sender.
        [senders]
        "demo@example.test" = ["@example.test"]

        # DKIM signing (RFC 6376) of mail submitted by authenticated users, with the keys of its From
        # domain; several entries for one domain sign with each (e.g. RSA and Ed25519). Keys: PKCS#8
        # PEM, mode 600; `sealpost dkim keygen` makes one and prints the TXT record to publish.
        [[dkim]]
        domain = "example.test"
        selector = "dev"
        key-file = "dkim/dev.example.test.pem"   # its record: dns/dev._domainkey.example.test.txt

        [inbound]                       # mail from other servers on port 25
        checks = true                   # SPF, DKIM, DMARC and an Authentication-Results field
        dmarc-enforce = true            # p=reject: 550 after DATA; p=quarantine: the Junk folder
        timeout-seconds = 20            # slow DNS: accepted as unchecked after this long

        [tls]
        certificate = "tls/server.pem"  # full chain, leaf first (PEM)
        key = "tls/server.key"          # PKCS#8, PKCS#1 RSA or SEC1 EC (PEM), mode 600
        protocols = ["TLSv1.3", "TLSv1.2"]
        allow-legacy-protocols = false  # true is needed for TLSv1/TLSv1.1 and logs a loud warning
        start-with-expired-certificate = false  # true: start anyway (loud warning), e.g. while renewal is fixed
        # [[tls.certificates]]          # more certificates, served to clients asking for their names (SNI);
        # certificate = "tls/other.pem" # an RSA pair for the same names as an ECDSA one is served to the
        # key = "tls/other.key"         # clients that cannot verify ECDSA (chosen per ClientHello)

        # Certificates from an ACME CA (RFC 8555), written to the [tls] files above and renewed when a third
        # of their lifetime is left (or in the CA's renewal window). Until the first is issued a self-signed
        # placeholder is served. `sealpost cert renew` renews now; `sealpost metrics` shows days left.
        # [acme]
        # directory = "https://acme-v02.api.letsencrypt.org/directory"  # or a local Pebble: https://localhost:14000/dir
        # agree-to-terms = true         # you have read the CA's terms of service
        # email = "hostmaster@example.com"
        # names = ["mail.example.com"]  # default: [hostname]
        # challenge = "http-01"         # http-01 (answered on http-listen) | tls-alpn-01 (on tls-alpn-listen)
        # http-listen = "0.0.0.0:80"    # CAs connect to port 80 (HTTP-01) or 443 (TLS-ALPN-01) of each name
        # tls-alpn-listen = "0.0.0.0:443"
        # ca-bundle = "pebble-ca.pem"   # trust for a private CA's own HTTPS (Pebble, step-ca)
        # key-type = "ec-p256"          # ec-p256 | rsa-2048
        # retry-first-seconds = 300     # after a failure; doubled each time up to retry-max-seconds
        # retry-max-seconds = 21600

        [limits]
        max-message-size = 52428800     # octets, advertised with SIZE
        max-recipients = 100
        idle-timeout-seconds = 300
        max-connections = 20000
        max-connections-per-client = 200
        max-errors = 20

        [smtp]                          # the MX listener (port 25)
        greeting-delay-millis = 0       # pause before the 220 to catch clients that talk first
        pregreet = "log"                # log | reject

        [received]
        show-authenticated-user = false # never tell recipients who authenticated, unless you want to

        # Mail for other domains: by MX (RFC 5321 §5.1), retried with backoff, bounced (RFC 3464) when
        # it fails for good or has waited give-up-after-hours.
        [outbound]
        # dns = ["127.0.0.1:53"]        # resolvers (default: the system's); `sealpost dev --dns` sets it
        tls = "may"                     # may (opportunistic) | encrypt (TLS, any certificate) | verify | dane
        mta-sts = true                  # honour recipient domains' MTA-STS enforce policies (RFC 8461)
        # trusted-cas = ["ca.pem"]      # extra CAs for verified TLS, beside the system's
        first-retry-seconds = 300
        max-retry-seconds = 14400
        give-up-after-hours = 120
        delay-warning-hours = 4         # one "delayed" DSN per waiting message (0: never), to senders
        delay-warnings-without-notify = false # who asked NOTIFY=DELAY; true: also those who gave no NOTIFY
        concurrency = 20
        connections-per-destination = 4 # each carries several messages
        # TLS downgrade memory (for MX hosts of domains without MTA-STS or DANE): an MX host once seen
        # with STARTTLS and a certificate that verified, now without either, is a STARTTLS-stripping
        # suspect. defer: the message waits (4.7.5) | alert: it goes anyway | off. Both log
        # event=tls-downgrade. Kept in DATA/tls-history.json per MX host name.
        downgrade-protection = "defer"
        downgrade-memory-days = 30      # forgotten after this long without a verified sighting
        # mx-port = 25                  # only tests change this
        # [[outbound.domains]]          # per-domain next hop and/or policy (a transport map)
        # domain = "partner.example"
        # host = "mx.partner.example:25"
        # tls = "verify"
        # [outbound.domains.relayhost]  # or, instead of host/tls, a smarthost for this domain only
        # host = "smtp.partner-provider.example:465"
        # [outbound.relayhost]          # a smarthost for everything: TLS always verified
        # host = "smtp.provider.example:587"
        # tls = "starttls"              # implicit | starttls
        # user = "account@provider.example"
        # password-file = "relay-password"   # mode 600, first line
        # [outbound.tls-reports]        # daily RFC 8460 reports to domains publishing _smtp._tls
        # send = true                   # on by default
        # organization = "Example Ltd"  # default: the host name
        # contact = "tlsrpt@example.test"  # contact-info and From; default: the postmaster

        # In dev mode the listeners below are replaced by --bind and --ports.
        [[listeners]]
        kind = "submissions"            # implicit TLS (RFC 8314), AUTH required
        address = "127.0.0.1:2465"

        [[listeners]]
        kind = "submission"             # STARTTLS required before anything else, AUTH required
        address = "127.0.0.1:2587"

        [[listeners]]
        kind = "smtp"                   # MX: STARTTLS offered, mail for local domains only
        address = "127.0.0.1:2525"
        """;
  }
}
