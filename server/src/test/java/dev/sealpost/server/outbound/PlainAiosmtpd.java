package dev.sealpost.server.outbound;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A receiver we did not write that offers no STARTTLS at all: Python's aiosmtpd (Debian's
 * python3-aiosmtpd) with its Debugging handler, which prints every message it accepts.
 */
final class PlainAiosmtpd implements AutoCloseable {

  static final Path PYTHON = Path.of("/usr/bin/python3");

  private final Process process;
  private final int port;
  private final List<String> output = new CopyOnWriteArrayList<>();

  PlainAiosmtpd() throws Exception {
    this(null);
  }

  /**
   * @param script a Python program that serves aiosmtpd with its own handler on 127.0.0.1 at the port
   *     given as its first argument; null for aiosmtpd's Debugging handler
   */
  PlainAiosmtpd(Path script) throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    process = (script == null
        ? new ProcessBuilder(PYTHON.toString(), "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + port, "-c",
            "aiosmtpd.handlers.Debugging")
        : new ProcessBuilder(PYTHON.toString(), script.toString(), String.valueOf(port)))
        .redirectErrorStream(true).start();
    Thread.ofVirtual().start(() -> {
      try (var r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          output.add(line);
        }
      } catch (IOException ignored) {
        // process ended
      }
    });
    for (int i = 0; i < 100; i++) {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    close();
    throw new IllegalStateException("aiosmtpd did not start: " + output);
  }

  static boolean available() {
    if (!Files.isExecutable(PYTHON)) {
      return false;
    }
    try {
      return new ProcessBuilder(PYTHON.toString(), "-c", "import aiosmtpd").start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  int port() {
    return port;
  }

  String output() {
    return String.join("\n", output);
  }

  @Override
  public void close() {
    process.destroy();
  }
}
