package dev.sealpost.server.smtp;

import dev.sealpost.protocol.CommandParser;
import dev.sealpost.protocol.DataFramer;
import dev.sealpost.protocol.ParseResult;
import dev.sealpost.protocol.SmtpReply;
import dev.sealpost.server.config.ListenerConfig;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one SMTP connection and the entry points the transport calls. No I/O happens here:
 * every input returns an {@link Effect} for the transport to carry out. All methods run on the
 * connection's event loop, one at a time; the transport pauses reading while an {@link Effect.Async}
 * is pending, so handlers never see two commands at once.
 *
 * <p>States (RFC 5321 §4.1.4, §3.3): connected → greeted by EHLO/HELO → in a transaction after MAIL →
 * with recipients after RCPT → reading content after DATA/BDAT; STARTTLS (RFC 3207 §4.2) and AUTH
 * (RFC 4954 §4) change the session, not the transaction. The {@link InputMode} says how the transport
 * frames the next bytes.
 */
public final class SmtpSession {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpSession.class);

  private final String id;
  private final ListenerConfig listener;
  private final InetSocketAddress client;
  private final SessionServices services;
  private final CommandDispatcher dispatcher;
  private Optional<TlsInfo> tls = Optional.empty();
  private Optional<String> helo = Optional.empty();
  private boolean esmtp;
  private Optional<String> user = Optional.empty();
  private Transaction transaction;
  private InputMode mode = InputMode.COMMANDS;
  private int errors;
  private SmtpReply chunkRefusal;

  public SmtpSession(String id, ListenerConfig listener, InetSocketAddress client, SessionServices services) {
    this.id = id;
    this.listener = listener;
    this.client = client;
    this.services = services;
    this.dispatcher = new CommandDispatcher();
  }

  /** The 220 greeting; no enhanced code (RFC 2034 §3 exempts it). */
  public SmtpReply greeting() {
    return SmtpReply.withoutStatus(220, services.config().hostname() + " ESMTP Sealpost");
  }

  /** A complete command line (or, in SASL mode, a client response). */
  public Effect onLine(String line, int octets) {
    if (mode instanceof InputMode.Sasl sasl) {
      return AuthHandler.continueExchange(this, sasl.mechanism(), line);
    }
    ParseResult parsed = CommandParser.parse(line);
    return switch (parsed) {
      case ParseResult.Rejected rejected -> error(rejected.reply());
      case ParseResult.Parsed ok -> {
        if (octets > CommandLimits.maxOctets(ok.command())) {
          yield error(Replies.LINE_TOO_LONG);
        }
        yield dispatcher.dispatch(ok.command(), this);
      }
    };
  }

  /** A line over the framer's hard limit was skipped. */
  public Effect onLineTooLong() {
    if (mode instanceof InputMode.Sasl) {
      mode = InputMode.COMMANDS;
      return error(SmtpReply.of(500, "5.5.6", "Authentication exchange line is too long"));
    }
    return error(Replies.LINE_TOO_LONG);
  }

  /** Bare CR/LF or NUL in a command line: the framing is lost, so the connection is closed. */
  public Effect onMalformedLine(String reason) {
    LOG.warn("session={} client={} event=malformed-line reason=\"{}\"", id, client, reason);
    abortTransaction();
    return new Effect.Close(SmtpReply.of(500, "5.5.2", "Syntax error: " + reason));
  }

  /** A line that is not UTF-8 (RFC 6531 allows nothing else beyond ASCII). */
  public Effect onUndecodableLine() {
    if (mode instanceof InputMode.Sasl) {
      mode = InputMode.COMMANDS;
    }
    return error(SmtpReply.of(500, "5.5.2", "Syntax error: command line is not valid UTF-8"));
  }

  /** The DATA terminator was read. */
  public Effect onDataEnd(DataFramer.Outcome outcome) {
    mode = InputMode.COMMANDS;
    return MessageCompletion.complete(this, outcome);
  }

  /** A BDAT chunk was read completely. */
  public Effect onChunkEnd(InputMode.Chunk chunk) {
    mode = InputMode.COMMANDS;
    return BdatHandler.chunkComplete(this, chunk);
  }

  /** The STARTTLS handshake completed: forget everything learned in clear text (RFC 3207 §4.2). */
  public void tlsEstablished(TlsInfo info) {
    tls = Optional.of(info);
    helo = Optional.empty();
    esmtp = false;
    user = Optional.empty();
    abortTransaction();
    mode = InputMode.COMMANDS;
    LOG.debug("session={} client={} event=tls protocol={} cipher={}", id, client, info.protocol(),
        info.cipherSuite());
  }

  /** The connection is gone: drop anything unfinished. */
  public void closed() {
    abortTransaction();
  }

  /** True while a message is being received, so that shutdown waits for it. */
  public boolean inTransaction() {
    return transaction != null;
  }

  Effect error(SmtpReply reply) {
    if (++errors >= services.config().limits().maxErrors()) {
      LOG.warn("session={} client={} event=too-many-errors", id, client);
      abortTransaction();
      return new Effect.Close(Replies.TOO_MANY_ERRORS);
    }
    return new Effect.Reply(reply);
  }

  void abortTransaction() {
    if (transaction != null) {
      transaction.abort();
      transaction = null;
    }
  }

  public String hostname() {
    return services.config().hostname();
  }

  // Accessors for the handlers of this package.
  public String id() {
    return id;
  }

  public InputMode mode() {
    return mode;
  }

  void mode(InputMode m) {
    mode = m;
  }

  ListenerConfig listener() {
    return listener;
  }

  InetSocketAddress client() {
    return client;
  }

  SessionServices services() {
    return services;
  }

  public Optional<TlsInfo> tls() {
    return tls;
  }

  Optional<String> helo() {
    return helo;
  }

  boolean esmtp() {
    return esmtp;
  }

  void greeted(String name, boolean extended) {
    helo = Optional.of(name);
    esmtp = extended;
    abortTransaction();
  }

  Optional<String> user() {
    return user;
  }

  void authenticated(String u) {
    user = Optional.of(u);
  }

  Optional<Transaction> transaction() {
    return Optional.ofNullable(transaction);
  }

  void begin(Transaction t) {
    transaction = t;
  }

  /** The reply for a BDAT whose octets are being discarded. */
  void refuseChunkWith(SmtpReply reply) {
    chunkRefusal = reply;
  }

  Optional<SmtpReply> takeChunkRefusal() {
    Optional<SmtpReply> r = Optional.ofNullable(chunkRefusal);
    chunkRefusal = null;
    return r;
  }

  void endTransaction() {
    transaction = null;
  }
}
