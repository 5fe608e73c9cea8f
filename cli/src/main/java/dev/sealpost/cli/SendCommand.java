package dev.sealpost.cli;

import dev.sealpost.cli.send.ClientSettings;
import dev.sealpost.cli.send.ClientSettings.TlsChoice;
import dev.sealpost.cli.send.SendSettings;
import dev.sealpost.cli.send.Submission;
import dev.sealpost.client.Content;
import dev.sealpost.client.Envelope;
import dev.sealpost.client.Mail;
import dev.sealpost.client.MimeMail;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sealpost send}: one message from a script, over TLS unless told otherwise in so many words. */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Send one message. The body comes from standard input (or --body); with --raw, standard",
        "input is the whole message. TLS is implicit on port 465 unless --tls says otherwise; certificates",
        "and host names are always checked.",
        "Exit status (sysexits.h): 0 all recipients accepted, 67 a recipient was refused, 69 refused or",
        "certificate failure, 75 temporary failure (try again; also STARTTLS missing or refused),",
        "77 authentication failed, 2 usage error."})
final class SendCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--server", paramLabel = "HOST[:PORT]",
      description = "The server; port defaults to 465 (implicit), 587 (starttls) or 25 (none-insecure).")
  String server;

  @Option(names = "--tls", paramLabel = "implicit|starttls|none-insecure",
      description = "implicit (default): TLS first; starttls: STARTTLS required, never a clear-text fallback;"
          + " none-insecure: clear text, only for local test servers, never with a password.")
  String tls;

  @Option(names = "--user", paramLabel = "USER", description = "Log in as USER (AUTH PLAIN or LOGIN, inside TLS only).")
  String user;

  @Option(names = "--password-file", paramLabel = "FILE", description = "Password: the first line of FILE (mode 600).")
  Path passwordFile;

  @Option(names = "--password-env", paramLabel = "VAR", description = "Password: the value of environment variable VAR.")
  String passwordEnv;

  @Option(names = "--env-file", paramLabel = "FILE",
      description = "Defaults from a KEY=VALUE file such as the dev server's demo.env: SEALPOST_SERVER,"
          + " SEALPOST_USER, SEALPOST_PASSWORD, SEALPOST_CA.")
  Path envFile;

  @Option(names = "--ca", paramLabel = "FILE", description = "Also trust the CA certificates in FILE (PEM); repeatable.")
  List<Path> caFiles = new ArrayList<>();

  @Option(names = "--tls13", description = "Refuse anything below TLS 1.3 (the default minimum is TLS 1.2).")
  boolean tls13;

  @Option(names = "--from", paramLabel = "ADDR", description = "Sender (From and envelope); default: --user.")
  String from;

  @Option(names = "--to", paramLabel = "ADDR", description = "Recipient; repeatable.")
  List<String> to = new ArrayList<>();

  @Option(names = "--cc", paramLabel = "ADDR", description = "Copy recipient; repeatable.")
  List<String> cc = new ArrayList<>();

  @Option(names = "--bcc", paramLabel = "ADDR", description = "Blind copy: in the envelope only; repeatable.")
  List<String> bcc = new ArrayList<>();

  @Option(names = "--subject", paramLabel = "TEXT", description = "Subject (any language; encoded as needed).")
  String subject;

  @Option(names = "--body", paramLabel = "TEXT", description = "The text body, instead of standard input.")
  String body;

  @Option(names = "--attach", paramLabel = "FILE", description = "Attach FILE; repeatable.")
  List<Path> attachments = new ArrayList<>();

  @Option(names = "--raw", description = "Standard input is a complete RFC 5322 message; sent as it is"
      + " (line endings normalised to CRLF).")
  boolean raw;

  @Option(names = "--require-tls", description = "Ask for REQUIRETLS (RFC 8689): every hop must use verified TLS.")
  boolean requireTls;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "Connect and per-command timeout (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--helo", paramLabel = "NAME", description = "Name to send in EHLO (default: this host's name).")
  String helo;

  @Option(names = "--json", description = "Print the result, with its TLS evidence, as JSON.")
  boolean json;

  @Override
  public Integer call() {
    ClientSettings settings;
    Mail mail;
    try {
      settings = new SendSettings(server, tls == null ? null : TlsChoice.parse(tls), user, passwordFile,
          passwordEnv, envFile, caFiles, timeoutSeconds, helo).resolve(System.getenv());
      mail = raw ? rawMail(settings) : builtMail(settings);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CliException(e.getMessage());
    }
    Submission submission = new Submission(settings, tls13);
    Submission.Outcome outcome = submission.send(mail);
    if (json) {
      spec.commandLine().getOut().println(submission.json(outcome));
      spec.commandLine().getOut().flush();
    } else {
      submission.printText(outcome, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
    return outcome.exitStatus();
  }

  private String sender(ClientSettings settings) {
    String s = from != null ? from : settings.user();
    if (s == null) {
      throw new IllegalArgumentException("--from is required (or --user, which it defaults to)");
    }
    return s;
  }

  private Mail rawMail(ClientSettings settings) {
    if (subject != null || body != null || !attachments.isEmpty() || !cc.isEmpty()) {
      throw new IllegalArgumentException("--raw sends standard input as it is: --subject, --body, --cc and --attach"
          + " do not apply (put them in the message)");
    }
    List<String> recipients = new ArrayList<>(to);
    recipients.addAll(bcc);
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("--to is required: give at least one recipient");
    }
    Envelope.Builder envelope = Envelope.builder().from(sender(settings)).to(recipients.toArray(String[]::new));
    if (requireTls) {
      envelope.requireTls();
    }
    return new Mail(envelope.build(), Content.of(stdin()));
  }

  private Mail builtMail(ClientSettings settings) {
    if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
      throw new IllegalArgumentException("--to is required: give at least one recipient");
    }
    MimeMail m = MimeMail.builder().from(sender(settings));
    m.to(to.toArray(String[]::new));
    cc.forEach(m::cc);
    bcc.forEach(m::bcc);
    if (subject != null) {
      m.subject(subject);
    }
    m.text(body != null ? body : readBody());
    for (Path file : attachments) {
      try {
        String type = Files.probeContentType(file);
        m.attach(file.getFileName().toString(), Files.readAllBytes(file),
            type == null ? "application/octet-stream" : type);
      } catch (IOException e) {
        throw new IllegalArgumentException("--attach " + file + ": cannot read (" + e.getMessage() + ")");
      }
    }
    if (requireTls) {
      m.requireTls();
    }
    return m.build();
  }

  private String readBody() {
    if (System.console() != null) { // Java 21: a console exists only when stdin and stdout are a terminal
      spec.commandLine().getErr().println("sealpost: reading the body from standard input; end it with Ctrl-D");
      spec.commandLine().getErr().flush();
    }
    try {
      return new String(stdin().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the body from standard input: " + e.getMessage());
    }
  }

  /** Standard input as the test harness or the shell gave it. */
  private static InputStream stdin() {
    return System.in;
  }
}
