package dev.sealpost.cli;

/** What dev mode prints once it listens: where things are and how to send a first message. */
final class DevBanner {
  private DevBanner() {}

  static String text(DevSetup.Result setup, String bind, int[] ports) {
    String env = setup.demoEnv().toString();
    return """

        Sealpost dev server is running (Ctrl-C to stop).
          submissions (implicit TLS)  %1$s:%2$d
          submission  (STARTTLS)      %1$s:%3$d
          smtp / MX   (STARTTLS)      %1$s:%4$d
          data dir  %5$s
          CA        %6$s
          demo user and password in %7$s%8$s

        Send a first message with sealpost itself:
          echo "first message" | ./sealpost send --env-file %7$s --server localhost:%2$d \\
              --to demo@example.test --subject hello
        Audit what the listeners offer:
          ./sealpost probe localhost:%3$d --starttls --ca %6$s
        or with swaks:
          set -a; . %7$s; set +a; swaks --server localhost:%2$d --tls-on-connect --tls-ca-path "$SEALPOST_CA" \\
              --auth PLAIN --auth-user "$SEALPOST_USER" --auth-password "$SEALPOST_PASSWORD" \\
              --from "$SEALPOST_USER" --to "$SEALPOST_USER"
        or with Python:
          set -a; . %7$s; set +a; python3 -c 'import os,smtplib,ssl; \\
              s=smtplib.SMTP_SSL("localhost",%2$d,context=ssl.create_default_context(cafile=os.environ["SEALPOST_CA"])); \\
              s.login(os.environ["SEALPOST_USER"],os.environ["SEALPOST_PASSWORD"]); \\
              u=os.environ["SEALPOST_USER"]; s.sendmail(u,[u],"Subject: hello\\r\\n\\r\\nfirst message\\r\\n"); s.quit()'
        The message lands in %5$s/mail/example.test/demo/Maildir/new/
        """.formatted(bind, ports[0], ports[1], ports[2], setup.dataDir(), setup.tls().caCertificate(), env,
        setup.createdUser() ? " (new)" : "");
  }
}
