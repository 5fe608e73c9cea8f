package dev.sealpost.cli.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sealpost.cli.send.ClientSettings.TlsChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendmailSettingsFileTest {

  @TempDir Path dir;

  private Path write(String toml) throws Exception {
    Path f = dir.resolve("sendmail.toml");
    Files.writeString(f, toml);
    return f;
  }

  private Path secret(String name, String value, String perms) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, value);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    return p;
  }

  @Test
  void fullFile() throws Exception {
    secret("pw", "s3cret\n", "rw-------");
    Path f = write("""
        server = "smtp.example.test:587"
        tls = "starttls"
        user = "app@example.test"
        password-file = "pw"
        ca = "ca.pem"
        from = "reports@example.test"
        timeout-seconds = 30
        """);
    ClientSettings s = SendmailSettingsFile.load(f, Map.of());
    assertThat(s.host()).isEqualTo("smtp.example.test");
    assertThat(s.port()).isEqualTo(587);
    assertThat(s.tls()).isEqualTo(TlsChoice.STARTTLS);
    assertThat(new String(s.password())).isEqualTo("s3cret");
    assertThat(s.caFiles()).containsExactly(dir.resolve("ca.pem"));
    assertThat(s.defaultFrom()).isEqualTo("reports@example.test");
    assertThat(s.timeout()).hasSeconds(30);
    assertThat(s.toString()).doesNotContain("s3cret");
  }

  @Test
  void defaultsToImplicitTlsOn465AndPasswordFromEnvironment() throws Exception {
    Path f = write("server = \"smtp.example.test\"\nuser = \"u\"\npassword-env = \"PW\"\n");
    ClientSettings s = SendmailSettingsFile.load(f, Map.of("PW", "from-env"));
    assertThat(s.tls()).isEqualTo(TlsChoice.IMPLICIT);
    assertThat(s.port()).isEqualTo(465);
    assertThat(new String(s.password())).isEqualTo("from-env");
  }

  @Test
  void mistakesAreNamed() throws Exception {
    assertThatThrownBy(() -> SendmailSettingsFile.load(write("server = \"h\"\nservre = 1\n"), Map.of()))
        .hasMessageContaining("unknown key 'servre'");
    assertThatThrownBy(() -> SendmailSettingsFile.load(write("tls = \"implicit\"\n"), Map.of()))
        .hasMessageContaining("'server' is required");
    assertThatThrownBy(() -> SendmailSettingsFile.load(write("server = \"h\"\ntls = \"ssl\"\n"), Map.of()))
        .hasMessageContaining("implicit, starttls or none-insecure, not 'ssl'");
    assertThatThrownBy(() -> SendmailSettingsFile.load(write("server = \"h\"\nuser = \"u\"\n"), Map.of()))
        .hasMessageContaining("neither password-file nor password-env");
    secret("open", "pw\n", "rw-r--r--");
    assertThatThrownBy(() -> SendmailSettingsFile.load(write("server = \"h\"\nuser = \"u\"\npassword-file = \"open\"\n"),
        Map.of())).hasMessageContaining("readable by every user").hasMessageContaining("chmod 600");
    assertThatThrownBy(() -> SendmailSettingsFile.load(write("server = \"h\"\nuser = \"u\"\npassword-env = \"NOPE\"\n"),
        Map.of())).hasMessageContaining("NOPE is not set");
  }

  @Test
  void locateOrder() throws Exception {
    Path f = write("server = \"h\"\n");
    assertThat(SendmailSettingsFile.locate("/x.toml", Map.of())).isEqualTo(Path.of("/x.toml"));
    assertThat(SendmailSettingsFile.locate(null, Map.of(SendmailSettingsFile.ENV, f.toString()))).isEqualTo(f);
    Path home = dir.resolve("home");
    Files.createDirectories(home.resolve(".config/sealpost"));
    Files.copy(f, home.resolve(".config/sealpost/sendmail.toml"));
    assertThat(SendmailSettingsFile.locate(null, Map.of("HOME", home.toString())))
        .isEqualTo(home.resolve(".config/sealpost/sendmail.toml"));
  }

  @Test
  void envFileLikeDemoEnv() throws Exception {
    Path env = dir.resolve("demo.env");
    Files.writeString(env, "# dev\nSEALPOST_USER=demo@example.test\nexport SEALPOST_PASSWORD=\"pw with spaces\"\n");
    assertThat(EnvFile.read(env)).containsEntry("SEALPOST_USER", "demo@example.test")
        .containsEntry("SEALPOST_PASSWORD", "pw with spaces");
    Files.writeString(env, "not a pair\n");
    assertThatThrownBy(() -> EnvFile.read(env)).hasMessageContaining("demo.env:1: expected KEY=VALUE");
  }
}
