package dev.sealpost.server.outbound.mtasts;

import dev.sealpost.dns.DnsResolver;
import dev.sealpost.dns.DnsResult;
import dev.sealpost.server.outbound.PolicySyntaxException;
import dev.sealpost.tls.HostnameMatcher;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Fetches {@code https://mta-sts.DOMAIN/.well-known/mta-sts.txt} as RFC 8461 §3.3 asks: the
 * address from our own {@link DnsResolver} (A, then AAAA), TLS with SNI, a certificate valid under
 * the Web PKI for {@code mta-sts.DOMAIN} (RFC 6125, via {@link HostnameMatcher}), HTTP/1.1 with
 * {@code Connection: close}, status 200 only, redirects not followed, Content-Type text/plain, a
 * body of at most {@link StsPolicyParser#MAX_POLICY_BYTES}, and both a connect and a total time limit.
 *
 * <p>Immutable and thread-safe; the blocking work runs on a virtual thread per fetch.
 *
 * <pre>{@code
 * PolicyFetcher fetcher = HttpsPolicyFetcher.builder(resolver).build();
 * fetcher.fetch("example.com").thenAccept(result -> switch (result) { ... });
 * }</pre>
 */
public final class HttpsPolicyFetcher implements PolicyFetcher {

  static final String PATH = "/.well-known/mta-sts.txt";
  private static final ExecutorService FETCHES = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("mta-sts-fetch-", 0).factory());

  private final DnsResolver resolver;
  private final SSLContext tls;
  private final int port;
  private final Duration connectTimeout;
  private final Duration totalTimeout;
  private final int maxBodyBytes;

  private HttpsPolicyFetcher(Builder b) {
    this.resolver = b.resolver;
    this.tls = WebPkiTrust.context(b.trustAnchors);
    this.port = b.port;
    this.connectTimeout = b.connectTimeout;
    this.totalTimeout = b.totalTimeout;
    this.maxBodyBytes = b.maxBodyBytes;
  }

  public static Builder builder(DnsResolver resolver) {
    return new Builder(resolver);
  }

  @Override
  public CompletionStage<Result> fetch(String policyDomain) {
    String host = "mta-sts." + policyDomain;
    CompletableFuture<DnsResult<InetAddress>> v4;
    CompletableFuture<DnsResult<InetAddress>> v6;
    try {
      v4 = resolver.a(host).toCompletableFuture();
      v6 = resolver.aaaa(host).toCompletableFuture();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(
          new Result.Failed(new FetchFailure(FetchFailure.Kind.DNS, e.getMessage())));
    }
    return v4.thenCombineAsync(v6, (a, aaaa) -> fetch(host, a, aaaa), FETCHES);
  }

  private Result fetch(String host, DnsResult<InetAddress> a, DnsResult<InetAddress> aaaa) {
    List<InetAddress> addresses = new ArrayList<>(a.records());
    addresses.addAll(aaaa.records()); // IPv4 first: more often reachable from a mail server
    try {
      if (addresses.isEmpty()) {
        throw new FetchException(FetchFailure.Kind.DNS, "no address for " + host + ": A " + a + ", AAAA " + aaaa);
      }
      return new Result.Fetched(parse(host, get(host, addresses)));
    } catch (FetchException e) {
      return new Result.Failed(e.failure());
    }
  }

  private byte[] get(String host, List<InetAddress> addresses) throws FetchException {
    Deadline deadline = new Deadline(totalTimeout);
    try (SSLSocket socket = handshake(host, connect(host, addresses, deadline), deadline)) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + PATH + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/plain\r\n"
          + "User-Agent: Sealpost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      HttpResponseReader reader = new HttpResponseReader(deadline.guard(socket));
      HttpResponseReader.Head head = reader.readHead();
      checkHead(host, head);
      return reader.readBody(head, maxBodyBytes);
    } catch (SocketTimeoutException e) {
      throw timeout(host);
    } catch (IOException e) {
      throw new FetchException(FetchFailure.Kind.HTTP_PROTOCOL, host + ": " + e.getMessage());
    }
  }

  private Socket connect(String host, List<InetAddress> addresses, Deadline deadline) throws FetchException {
    List<String> errors = new ArrayList<>();
    for (InetAddress address : addresses) {
      Socket socket = new Socket();
      try {
        socket.connect(new InetSocketAddress(address, port), deadline.timeoutMillis(connectTimeout));
        return socket;
      } catch (SocketTimeoutException e) {
        closeQuietly(socket);
        errors.add(address.getHostAddress() + ": timed out");
      } catch (IOException e) {
        closeQuietly(socket);
        errors.add(address.getHostAddress() + ": " + e.getMessage());
      }
      if (deadline.passed()) {
        throw timeout(host);
      }
    }
    boolean allTimedOut = errors.stream().allMatch(e -> e.endsWith(": timed out"));
    throw new FetchException(allTimedOut ? FetchFailure.Kind.TIMEOUT : FetchFailure.Kind.CONNECT,
        "cannot connect to " + host + " port " + port + ": " + errors);
  }

  private SSLSocket handshake(String host, Socket plain, Deadline deadline) throws FetchException {
    try {
      SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(host)));
      parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(deadline.timeoutMillis(totalTimeout));
      socket.startHandshake();
      X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
      if (!HostnameMatcher.matches(leaf, host)) {
        closeQuietly(socket);
        throw new FetchException(FetchFailure.Kind.CERTIFICATE,
            host + ": certificate is for " + HostnameMatcher.names(leaf) + ", not " + host);
      }
      return socket;
    } catch (SocketTimeoutException e) {
      closeQuietly(plain);
      throw timeout(host);
    } catch (IOException e) {
      closeQuietly(plain);
      boolean certificate = e instanceof SSLException && hasCause(e, CertificateException.class);
      throw new FetchException(certificate ? FetchFailure.Kind.CERTIFICATE : FetchFailure.Kind.TLS,
          host + ": TLS handshake failed: " + e.getMessage());
    }
  }

  private static void checkHead(String host, HttpResponseReader.Head head) throws FetchException {
    int status = head.status();
    if (status >= 300 && status < 400) {
      throw new FetchException(FetchFailure.Kind.REDIRECT, host + " answered " + status + " to "
          + head.header("location").map(HttpResponseReader::printable).orElse("nowhere")
          + "; redirects are not followed (RFC 8461 §3.3)");
    }
    if (status != 200) {
      throw new FetchException(FetchFailure.Kind.HTTP_STATUS, host + " answered " + status + " for " + PATH);
    }
    String type = head.header("content-type").orElse("");
    String mediaType = type.split(";", 2)[0].strip();
    if (!mediaType.equalsIgnoreCase("text/plain")) {
      throw new FetchException(FetchFailure.Kind.CONTENT_TYPE,
          host + ": Content-Type is '" + HttpResponseReader.printable(type) + "', not text/plain");
    }
  }

  private static StsPolicy parse(String host, byte[] body) throws FetchException {
    try {
      String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
      return StsPolicyParser.parse(text);
    } catch (CharacterCodingException e) {
      throw new FetchException(FetchFailure.Kind.INVALID_POLICY, host + ": policy is not UTF-8");
    } catch (PolicySyntaxException e) {
      throw new FetchException(FetchFailure.Kind.INVALID_POLICY, host + ": " + e.getMessage());
    }
  }

  private FetchException timeout(String host) {
    return new FetchException(FetchFailure.Kind.TIMEOUT, "fetching https://" + host + PATH
        + " took longer than " + totalTimeout.toMillis() + " ms (connect limit " + connectTimeout.toMillis() + " ms)");
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do about a failed close
    }
  }

  /** Settings for an {@link HttpsPolicyFetcher}; every one but the resolver has a default. */
  public static final class Builder {
    private final DnsResolver resolver;
    private final List<X509Certificate> trustAnchors = new ArrayList<>();
    private int port = 443;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration totalTimeout = Duration.ofSeconds(60);
    private int maxBodyBytes = StsPolicyParser.MAX_POLICY_BYTES;

    private Builder(DnsResolver resolver) {
      this.resolver = java.util.Objects.requireNonNull(resolver, "resolver");
    }

    /** CA certificates trusted besides the JDK's, e.g. a private or test CA. */
    public Builder trustAnchors(Collection<X509Certificate> anchors) {
      trustAnchors.clear();
      trustAnchors.addAll(anchors);
      return this;
    }

    /** The HTTPS port (default 443); other values are for tests. */
    public Builder port(int port) {
      if (port < 1 || port > 0xFFFF) {
        throw new IllegalArgumentException("port out of range 1..65535: " + port);
      }
      this.port = port;
      return this;
    }

    /** How long one connection attempt may take (default 10 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connect timeout");
      return this;
    }

    /** How long the whole fetch may take, from connecting to the last body byte (default 60 s). */
    public Builder totalTimeout(Duration timeout) {
      this.totalTimeout = positive(timeout, "total timeout");
      return this;
    }

    /** The largest body accepted (default 64 KiB). */
    public Builder maxBodyBytes(int bytes) {
      if (bytes < 1 || bytes > StsPolicyParser.MAX_POLICY_BYTES) {
        throw new IllegalArgumentException("max body bytes out of range 1.."
            + StsPolicyParser.MAX_POLICY_BYTES + ": " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    public HttpsPolicyFetcher build() {
      return new HttpsPolicyFetcher(this);
    }

    private static Duration positive(Duration d, String what) {
      if (!d.isPositive()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }
  }
}
