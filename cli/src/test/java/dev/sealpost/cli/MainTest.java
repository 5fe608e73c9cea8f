package dev.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  @TempDir Path dir;

  private String run(String stdin, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    var oldIn = System.in;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setIn(new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      int code = Main.execute(args);
      return code + "|" + out.toString(StandardCharsets.UTF_8);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      System.setIn(oldIn);
    }
  }

  @Test
  void helpListsTheCommands() {
    String r = run("", "--help");
    assertThat(r).startsWith("0|").contains("dev", "run", "user", "queue");
  }

  @Test
  void userAddListRemove() throws Exception {
    String d = dir.toString();
    assertThat(run("s3cret-pass\n", "user", "add", "alice@example.test", "--data-dir", d, "--password-stdin"))
        .startsWith("0|").contains("added alice@example.test");
    assertThat(Files.readString(dir.resolve("users"))).contains("alice@example.test:").contains("$argon2id$")
        .doesNotContain("s3cret-pass");
    assertThat(run("", "user", "list", "--data-dir", d)).isEqualTo("0|alice@example.test\n");
    assertThat(run("x\n", "user", "add", "alice@example.test", "--data-dir", d, "--password-stdin"))
        .startsWith("2|sealpost: ");
    assertThat(run("", "user", "remove", "alice@example.test", "--data-dir", d)).startsWith("0|");
    assertThat(run("", "user", "list", "--data-dir", d)).isEqualTo("0|");
  }

  @Test
  void runWithBadConfigSaysWhereAndExits2() throws Exception {
    Path cfg = dir.resolve("bad.toml");
    Files.writeString(cfg, "domains = [\"example.test\"]\nlisteners = []\nbogus = 1\n");
    String r = run("", "run", "--config", cfg.toString());
    assertThat(r).startsWith("2|sealpost: ").contains("bad.toml:3").contains("bogus");
  }

  @Test
  void devPortsAreValidated() {
    assertThat(run("", "dev", "--ports", "1,2")).startsWith("2|sealpost: --ports needs three ports");
  }

  @Test
  void queueListOnEmptySpool() throws Exception {
    Files.createDirectories(dir.resolve("spool"));
    assertThat(run("", "queue", "list", "--data-dir", dir.toString())).startsWith("0|").contains("queue is empty");
  }
}
