package dev.sealpost.testing.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import dev.sealpost.testing.Trust;
import javax.net.ssl.SSLSocketFactory;

/**
 * The load tool: N concurrent clients, each submitting messages over implicit TLS with AUTH PLAIN, one
 * message per connection (the common application pattern), for a fixed number of messages. Prints the
 * rate and latency percentiles. Works against any submission server (Sealpost, Postfix) so that both can
 * be measured with the same client.
 *
 * <p>Usage: {@code SubmissionLoad HOST PORT CA_PEM USER PASSWORD RCPT CONCURRENCY MESSAGES [SIZE]}
 */
public final class SubmissionLoad {

  public static void main(String[] args) throws Exception {
    if (args.length < 8) {
      System.err.println("usage: SubmissionLoad HOST PORT CA_PEM USER PASSWORD RCPT CONCURRENCY MESSAGES [BODY_OCTETS]");
      System.exit(2);
    }
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    SSLSocketFactory factory = factory(Path.of(args[2]));
    String user = args[3];
    String password = args[4];
    String rcpt = args[5];
    int concurrency = Integer.parseInt(args[6]);
    int messages = Integer.parseInt(args[7]);
    int size = args.length > 8 ? Integer.parseInt(args[8]) : 2048;
    String body = body(size);
    String auth = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));

    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    List<String> errors = new ArrayList<>();
    long start = System.nanoTime();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < concurrency; c++) {
        pool.submit(() -> {
          while (next.getAndIncrement() < messages) {
            long t0 = System.nanoTime();
            try {
              submit(factory, host, port, auth, user, rcpt, body);
              latencies.add(System.nanoTime() - t0);
            } catch (Exception e) {
              if (failures.getAndIncrement() == 0) {
                synchronized (errors) {
                  errors.add(e.toString());
                }
              }
            }
          }
          return null;
        });
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(Locale.ROOT, "messages=%d failures=%d concurrency=%d seconds=%.2f rate=%.1f/s "
            + "p50=%.1fms p90=%.1fms p99=%.1fms max=%.1fms%n", sorted.length, failures.get(), concurrency, seconds,
        sorted.length / seconds, pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), pct(sorted, 1.0));
    errors.forEach(e -> System.out.println("first error: " + e));
  }

  private static void submit(SSLSocketFactory factory, String host, int port, String auth, String from, String rcpt,
      String body) throws Exception {
    try (SSLSocket s = (SSLSocket) factory.createSocket(host, port)) {
      s.setSoTimeout(30_000);
      s.setTcpNoDelay(true); // as mail clients do; without it Nagle adds ~40 ms per exchange
      var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      expect(in, 220);
      send(out, "EHLO load.test\r\n");
      expect(in, 250);
      send(out, "AUTH PLAIN " + auth + "\r\n");
      expect(in, 235);
      // Pipelined envelope (RFC 2920), as capable clients do.
      send(out, "MAIL FROM:<" + from + ">\r\nRCPT TO:<" + rcpt + ">\r\nDATA\r\n");
      expect(in, 250);
      expect(in, 250);
      expect(in, 354);
      send(out, body + ".\r\nQUIT\r\n");
      expect(in, 250);
      expect(in, 221);
    }
  }

  private static void send(OutputStream out, String s) throws Exception {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void expect(BufferedReader in, int code) throws Exception {
    String line;
    do {
      line = in.readLine();
      if (line == null) {
        throw new IllegalStateException("connection closed, expected " + code);
      }
    } while (line.length() > 3 && line.charAt(3) == '-');
    if (!line.startsWith(String.valueOf(code))) {
      throw new IllegalStateException("expected " + code + ", got: " + line);
    }
  }

  private static String body(int size) {
    StringBuilder b = new StringBuilder("Subject: load test\r\nFrom: load@test\r\n\r\n");
    String line = "The quick brown fox jumps over the lazy dog 0123456789 abcdefghij\r\n";
    while (b.length() < size) {
      b.append(line);
    }
    return b.toString();
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }

  private static SSLSocketFactory factory(Path caPem) {
    return Trust.only(Trust.readPem(caPem)).getSocketFactory();
  }
}
