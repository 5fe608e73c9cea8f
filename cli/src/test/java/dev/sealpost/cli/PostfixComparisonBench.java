package dev.sealpost.cli;

import dev.sealpost.testing.FreePorts;
import dev.sealpost.testing.PostfixServer;
import dev.sealpost.testing.TestPki;
import dev.sealpost.testing.bench.SubmissionLoad;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sealpost and Postfix side by side, not a test. The same load client (SubmissionLoad: implicit TLS,
 * AUTH PLAIN, one message per connection, in this JVM) against `sealpost dev` in its own JVM (fsync
 * before every 250, Maildir delivery) and a private Postfix 3.7 (Debian's; the testing fixture's GOOD
 * profile: TLS 1.2+, Cyrus SASL sasldb, Maildir delivery), one after the other, each after a warm-up.
 * Besides rate and latency it prints the server's own CPU time per message, from /proc: the Sealpost
 * process, or Postfix's master with every daemon it started (live ones, and the exited ones it reaped).
 * That figure does not depend on the client, which on 2 shared cores is the bottleneck at high
 * concurrency. Needs root for Postfix. Run from cli/ after {@code mvn -o install -DskipTests}:
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
 *     -cp target/classes:target/test-classes:$(cat cp.txt) dev.sealpost.cli.PostfixComparisonBench \
 *     [dir=/tmp/compare-bench] [messages=2000] [concurrency=16] [dkim]
 * </pre>
 */
public final class PostfixComparisonBench {
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/compare-bench");
    String messages = args.length > 1 ? args[1] : "2000";
    String concurrency = args.length > 2 ? args[2] : "16";
    boolean dkim = args.length > 3 && args[3].equals("dkim");
    Files.createDirectories(dir);
    Path data = dir.resolve("sealpost");
    DevSetup.prepare(data);
    Map<String, String> env = new java.util.HashMap<>();
    for (String line : Files.readAllLines(data.resolve("demo.env"))) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    int[] ports = {FreePorts.one(), FreePorts.one(), FreePorts.one()};
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // `sealpost run` on dev mode's configuration, on free ports; without DKIM signing unless asked for,
    // as the Postfix instance does not sign either.
    Path config = data.resolve("sealpost.toml");
    String toml = Files.readString(config).replace("127.0.0.1:2465", "127.0.0.1:" + ports[0])
        .replace("127.0.0.1:2587", "127.0.0.1:" + ports[1]).replace("127.0.0.1:2525", "127.0.0.1:" + ports[2]);
    if (!dkim) {
      toml = toml.replace("[[dkim]]\ndomain = \"example.test\"\nselector = \"dev\"\n", "# no DKIM for the bench\n")
          .replaceFirst("key-file = \"dkim/dev.example.test.pem\".*\n", "");
    }
    Files.writeString(config, toml);
    List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow"));
    String extra = System.getProperty("bench.serverJvm", ""); // e.g. -XX:StartFlightRecording=filename=s.jfr
    if (!extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.sealpost.cli.Main", "run", "--config",
        config.toString()));
    Process sealpost = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(dir.resolve("sealpost.log").toFile()).start();
    try {
      awaitPort(ports[0]);
      String user = env.get("SEALPOST_USER");
      run("sealpost", List.of(sealpost.pid()), new String[] {"127.0.0.1", String.valueOf(ports[0]),
          data.resolve("tls/ca.pem").toString(), user, env.get("SEALPOST_PASSWORD"), user, concurrency, messages});
    } finally {
      sealpost.destroy();
    }
    TestPki.Credential ca = TestPki.authority("Bench CA");
    Path caFile = ca.writeCertificate(dir.resolve("postfix-ca.pem"));
    try (PostfixServer postfix = PostfixServer.builder()
        .certificate(TestPki.server(ca, List.of("localhost", "127.0.0.1")).write(dir, "postfix"))
        .user("alice@example.test", "secret-bench-pw").start()) {
      run("postfix", List.of(postfix.masterPid()), new String[] {"127.0.0.1", String.valueOf(postfix.implicitTlsPort()),
          caFile.toString(), "alice@example.test", "secret-bench-pw", "alice@example.test", concurrency, messages});
    }
  }

  private static void run(String name, List<Long> pids, String[] load) throws Exception {
    String[] warmUp = load.clone();
    warmUp[7] = System.getProperty("bench.warmUp", "300");
    SubmissionLoad.main(warmUp);
    double before = cpuSeconds(pids.getFirst());
    System.out.print(name + ": ");
    SubmissionLoad.main(load);
    double used = cpuSeconds(pids.getFirst()) - before;
    System.out.printf(Locale.ROOT, "%s: server CPU %.2f s for %s messages = %.2f ms per message%n", name, used, load[7],
        used * 1000 / Integer.parseInt(load[7]));
  }

  /** CPU seconds of a process and all its descendants, live or reaped. */
  static double cpuSeconds(long pid) throws IOException {
    String[] f = stat(pid);
    double ticks = Long.parseLong(f[13]) + Long.parseLong(f[14]) + Long.parseLong(f[15]) + Long.parseLong(f[16]);
    for (long child : children(pid)) {
      ticks += cpuSeconds(child) * TICKS_PER_SECOND;
    }
    return ticks / TICKS_PER_SECOND;
  }

  /** The fields of /proc/PID/stat after the command name (which may hold spaces), numbered as in proc(5) from 0. */
  private static String[] stat(long pid) throws IOException {
    String s = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    String rest = s.substring(s.lastIndexOf(')') + 2);
    String[] after = rest.split(" ");
    String[] all = new String[after.length + 2];
    all[0] = String.valueOf(pid);
    all[1] = "comm";
    System.arraycopy(after, 0, all, 2, after.length);
    return all;
  }

  private static List<Long> children(long pid) throws IOException {
    List<Long> out = new ArrayList<>();
    try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
      for (Path t : tasks.toList()) {
        Path c = t.resolve("children");
        if (Files.exists(c)) {
          for (String p : Files.readString(c).trim().split("\\s+")) {
            if (!p.isEmpty()) {
              out.add(Long.parseLong(p));
            }
          }
        }
      }
    }
    return out;
  }

  private static void awaitPort(int port) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      try (var s = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("sealpost dev did not listen on " + port);
  }
}
