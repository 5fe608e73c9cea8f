package dev.sealpost.tls;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code openssl} command as an independent peer; tests skip when it is not installed. */
final class OpenSslCli {

  record Result(int exitCode, String output) {}

  private OpenSslCli() {}

  static boolean available() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "openssl"))) {
        return true;
      }
    }
    return false;
  }

  static void assumeAvailable() {
    assumeTrue(available(), "openssl is not on the PATH");
  }

  static Result run(String... args) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command + " did not finish");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Result runOk(String... args) {
    Result r = run(args);
    if (r.exitCode() != 0) {
      throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + r.output());
    }
    return r;
  }

  /** {@code s_client} against 127.0.0.1:port; stdin is empty, so it closes after the handshake. */
  static Result connect(int port, String... options) {
    List<String> args = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port));
    args.addAll(List.of(options));
    return run(args.toArray(String[]::new));
  }
}
