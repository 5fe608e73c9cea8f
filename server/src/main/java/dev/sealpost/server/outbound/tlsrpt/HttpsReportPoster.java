package dev.sealpost.server.outbound.tlsrpt;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * RFC 8460 §5.3.2: the gzip report POSTed as {@code application/tlsrpt+gzip} to an https rua, with the
 * server's certificate verified (PKIX and host name: the JDK client checks the name); no redirects.
 */
public final class HttpsReportPoster implements TlsReportSender.Poster {

  private final HttpClient http;
  private final Duration timeout;

  /** @param tls the trust for report servers: the system's CAs and any configured ones */
  public HttpsReportPoster(SSLContext tls, Duration timeout) {
    this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.timeout = timeout;
  }

  @Override
  public int post(URI uri, byte[] gzip) throws IOException {
    if (!"https".equalsIgnoreCase(uri.getScheme())) {
      throw new IOException("not an https URI: " + uri);
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Content-Type", "application/tlsrpt+gzip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(gzip)).build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
