package dev.sealpost.client;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sends mail over SMTP submission or relay. Build once, share everywhere: immutable and thread-safe,
 * with a pool of connections per destination.
 *
 * <pre>{@code
 * try (SmtpClient client = SmtpClient.builder().host("smtp.example.com")
 *     .credentials(Credentials.password("reports@example.com", secret)).build()) {
 *   client.send(MimeMail.builder().from("reports@example.com").to("boss@example.com")
 *       .subject("Daily report").text("All green.").build());
 * }
 * }</pre>
 *
 * <p>I/O design: blocking JDK sockets, one thread per connection; {@link #sendAsync} runs sends on virtual
 * threads, so a relay can keep thousands of deliveries in flight without a thread each. Blocking I/O makes
 * the security-critical STARTTLS step a few plain lines (drop the reader and its buffer, wrap the socket),
 * where an event-loop design has to reorder handlers and flush buffers correctly.
 */
public final class SmtpClient implements AutoCloseable {

  private final ClientConfig config;
  private final Optional<Destination> destination;
  private final ConnectionPool pool;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  private SmtpClient(Builder b) {
    // RFC 7672 §1.3: opportunistic TLS authenticates nothing; the CAs still inform the evidence.
    TlsOptions tls = b.security instanceof Security.OpportunisticStartTls ? b.tls.withCheck(CertificateCheck.none())
        : b.tls;
    config = new ClientConfig(b.security, new TlsConnector(tls, b.clock), Optional.ofNullable(b.credentials),
        Optional.ofNullable(b.authMechanism), b.timeouts, b.listener, Optional.ofNullable(b.heloName),
        b.dropUnsupportedDsn);
    destination = Optional.ofNullable(b.host).map(h -> {
      Destination d = Destination.of(h, b.port > 0 ? b.port : b.security.defaultPort());
      return b.address == null ? d : d.at(b.address);
    });
    pool = new ConnectionPool(b.pool, d -> SessionOpener.open(d, config));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Sends to the destination given to the builder. */
  public SendResult send(Mail mail) {
    return send(defaultDestination(), mail);
  }

  /**
   * Sends one message, on a pooled connection when one is idle.
   *
   * @throws SmtpClientException one of its subtypes, saying what failed
   */
  public SendResult send(Destination to, Mail mail) {
    Objects.requireNonNull(to, "destination");
    Objects.requireNonNull(mail, "mail");
    SmtpConnection connection = pool.acquire(to);
    boolean reusable = false;
    try {
      SendResult result = connection.send(mail);
      reusable = true;
      return result;
    } catch (SmtpClientException e) {
      reusable = connection.isOpen(); // a refused message leaves the connection in a known state
      throw e;
    } finally {
      pool.release(connection, reusable);
    }
  }

  /** {@link #send(Mail)} on a virtual thread; the future fails with the same exceptions. */
  public CompletableFuture<SendResult> sendAsync(Mail mail) {
    return sendAsync(defaultDestination(), mail);
  }

  public CompletableFuture<SendResult> sendAsync(Destination to, Mail mail) {
    return CompletableFuture.supplyAsync(() -> send(to, mail), executor);
  }

  /** A connection of one's own for several messages, outside the pool. */
  public SmtpSession openSession() {
    return openSession(defaultDestination());
  }

  public SmtpSession openSession(Destination to) {
    return new SmtpSession(SessionOpener.open(to, config));
  }

  public Optional<Destination> destination() {
    return destination;
  }

  int idleConnections(Destination to) {
    return pool.idleCount(to);
  }

  private Destination defaultDestination() {
    return destination.orElseThrow(() -> new IllegalStateException("no host given to the builder; pass a Destination"));
  }

  /** Closes idle connections (with QUIT) and stops accepting async sends. */
  @Override
  public void close() {
    executor.shutdown();
    pool.close();
  }

  public static final class Builder {
    private String host;
    private int port;
    private InetAddress address;
    private Security security = Security.implicitTls();
    private TlsOptions tls = TlsOptions.defaults();
    private Credentials credentials;
    private AuthMechanism authMechanism;
    private Timeouts timeouts = Timeouts.rfc5321();
    private PoolSettings pool = PoolSettings.defaults();
    private SmtpEventListener listener = SmtpEventListener.NONE;
    private String heloName;
    private Clock clock = Clock.systemUTC();
    private boolean dropUnsupportedDsn;

    private Builder() {}

    /** The server's host name (for a relay, the MX host name); the certificate is verified against it. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Default: the security mode's port (465, 587 or 25). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Connect to this address instead of resolving the host (the certificate is still checked for the host). */
    public Builder address(InetAddress address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    public Builder security(Security security) {
      this.security = Objects.requireNonNull(security, "security");
      return this;
    }

    public Builder tls(TlsOptions tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /** Sent with AUTH, only ever inside TLS. */
    public Builder credentials(Credentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** Use this mechanism only; by default the best one both sides have. */
    public Builder authMechanism(AuthMechanism mechanism) {
      this.authMechanism = Objects.requireNonNull(mechanism, "mechanism");
      return this;
    }

    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
      return this;
    }

    public Builder pool(PoolSettings pool) {
      this.pool = Objects.requireNonNull(pool, "pool");
      return this;
    }

    public Builder listener(SmtpEventListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The name sent with EHLO; default: the address literal of the local end, e.g. {@code [192.0.2.1]}. */
    public Builder heloName(String name) {
      Wire.requireSingleLine("EHLO name", name);
      if (name.isBlank() || name.contains(" ")) {
        throw new IllegalArgumentException("EHLO name must be one word: " + Wire.show(name));
      }
      this.heloName = name;
      return this;
    }

    /**
     * For a relay: when the server does not offer DSN, send without RET, ENVID, NOTIFY and ORCPT instead of
     * failing with {@link ExtensionMissingException}, and say so in {@link SendResult#dsnParametersDropped()}
     * (RFC 3461 §4.1: the relay then issues the "relayed" DSNs itself). Default: fail, which suits submission,
     * where the sender asked for DSNs and should learn that they cannot be honoured.
     */
    public Builder dropDsnParametersWhenUnsupported() {
      this.dropUnsupportedDsn = true;
      return this;
    }

    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @throws IllegalStateException when credentials are combined with clear text (AUTH is never sent
     *     without TLS, so such a client could never authenticate), or with a mode that does not authenticate
     *     the server (opportunistic STARTTLS, {@link TlsOptions.Builder#noAuthentication()}, DANE without a
     *     usable record): a man in the middle with any certificate would receive them; or when opportunistic
     *     STARTTLS is given pins or DANE records, which it would ignore
     */
    public SmtpClient build() {
      if (credentials != null && security instanceof Security.InsecureCleartext) {
        throw new IllegalStateException("credentials cannot be used with Security.insecureCleartext(): AUTH is never"
            + " sent without TLS; use implicitTls() or startTlsRequired()");
      }
      if (credentials != null && security instanceof Security.OpportunisticStartTls) {
        throw new IllegalStateException("credentials cannot be used with Security.opportunisticStartTls(): it may end"
            + " in clear text and never authenticates the server; use implicitTls() or startTlsRequired()");
      }
      if (credentials != null && !tls.authenticatesServer()) {
        throw new IllegalStateException("credentials cannot be used with certificate check " + tls.check()
            + ": the server is not authenticated, so anyone in the middle would receive them");
      }
      if (security instanceof Security.OpportunisticStartTls
          && (!tls.pins().isEmpty() || tls.check() instanceof CertificateCheck.Dane)) {
        throw new IllegalStateException("Security.opportunisticStartTls() verifies no certificate, so pins and DANE"
            + " records would be ignored; use startTlsRequired() with them");
      }
      if (authMechanism != null && credentials != null && !credentials.mechanisms().contains(authMechanism)) {
        throw new IllegalStateException("AUTH " + authMechanism + " cannot be used with " + credentials);
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 1..65535: " + port);
      }
      return new SmtpClient(this);
    }
  }
}
