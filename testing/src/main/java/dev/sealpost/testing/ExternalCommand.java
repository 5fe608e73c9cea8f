package dev.sealpost.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an independent tool (python3, openssl, swaks) with a timeout and captures what it printed. */
public final class ExternalCommand {

  public record Result(int exitCode, String stdout, String stderr) {
    public String output() {
      return stdout + stderr;
    }
  }

  private ExternalCommand() {}

  /** True when {@code tool} is on the PATH. */
  public static boolean available(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  public static Result run(List<String> command, String stdin, Map<String, String> env, int timeoutSeconds) {
    try {
      ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
      pb.environment().putAll(env);
      Path out = Files.createTempFile("ext", ".out");
      Path err = Files.createTempFile("ext", ".err");
      pb.redirectOutput(out.toFile());
      pb.redirectError(err.toFile());
      Process p = pb.start();
      try (var w = p.getOutputStream()) {
        w.write(stdin.getBytes(StandardCharsets.UTF_8));
      } catch (IOException ignored) {
        // the tool may exit before reading its input
      }
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command + " did not finish within " + timeoutSeconds + " s; output: "
            + Files.readString(out) + Files.readString(err));
      }
      Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
