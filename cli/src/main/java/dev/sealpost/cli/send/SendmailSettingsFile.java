package dev.sealpost.cli.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.sealpost.cli.send.ClientSettings.TlsChoice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings file for {@code sealpost sendmail}: programs that call {@code sendmail} cannot pass
 * our options, so the server, TLS mode and credentials come from here.
 *
 * <pre>
 * server = "smtp.example.com:465"
 * tls = "implicit"                 # implicit | starttls | none-insecure
 * user = "reports@example.com"
 * password-file = "/etc/sealpost/smtp-password"   # or password-env = "SMTP_PASSWORD"
 * ca = "/etc/ssl/private-ca.pem"   # optional, in addition to the system's CAs
 * from = "reports@example.com"     # envelope sender when the caller gives no -f
 * timeout-seconds = 60
 * </pre>
 */
public final class SendmailSettingsFile {

  /** Looked for in this order when {@code --config} is not given. */
  public static final String ENV = "SEALPOST_SENDMAIL_CONFIG";

  private static final Set<String> KEYS = Set.of("server", "tls", "user", "password-file", "password-env", "ca",
      "from", "timeout-seconds", "helo");

  private SendmailSettingsFile() {}

  /** The file to use: the explicit one, else $SEALPOST_SENDMAIL_CONFIG, ~/.config/sealpost/sendmail.toml, /etc/sealpost/sendmail.toml. */
  public static Path locate(String explicit, Map<String, String> env) {
    if (explicit != null) {
      return Path.of(explicit);
    }
    List<Path> candidates = new ArrayList<>();
    if (env.get(ENV) != null) {
      return Path.of(env.get(ENV));
    }
    if (env.get("HOME") != null) {
      candidates.add(Path.of(env.get("HOME"), ".config", "sealpost", "sendmail.toml"));
    }
    candidates.add(Path.of("/etc/sealpost/sendmail.toml"));
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IllegalArgumentException("no sendmail settings: give --config FILE, set " + ENV
        + ", or create one of " + candidates);
  }

  public static ClientSettings load(Path file, Map<String, String> env) {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(file + ": unknown key '" + key + "' (known: " + String.join(", ",
            KEYS.stream().sorted().toList()) + ")");
      }
    }
    String server = text(root, "server", file);
    if (server == null) {
      throw new IllegalArgumentException(file + ": 'server' is required, e.g. server = \"smtp.example.com:465\"");
    }
    TlsChoice tls;
    try {
      tls = root.has("tls") ? TlsChoice.parse(text(root, "tls", file)) : TlsChoice.IMPLICIT;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": tls: " + e.getMessage());
    }
    ClientSettings.HostPort hp;
    try {
      hp = ClientSettings.hostPort(server, tls);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": server: " + e.getMessage());
    }
    String user = text(root, "user", file);
    char[] password = null;
    if (root.has("password-file") && root.has("password-env")) {
      throw new IllegalArgumentException(file + ": give password-file or password-env, not both");
    }
    if (root.has("password-file")) {
      password = Secrets.fromFile(file.resolveSibling(text(root, "password-file", file)));
    } else if (root.has("password-env")) {
      password = Secrets.fromEnvironment(text(root, "password-env", file), env);
    }
    if (user != null && password == null) {
      throw new IllegalArgumentException(file + ": user is set but neither password-file nor password-env");
    }
    List<Path> cas = root.has("ca") ? List.of(file.resolveSibling(text(root, "ca", file))) : List.of();
    long timeout = root.has("timeout-seconds") ? root.get("timeout-seconds").asLong(-1) : 60;
    if (timeout < 1) {
      throw new IllegalArgumentException(file + ": timeout-seconds must be a positive number");
    }
    String helo = text(root, "helo", file);
    return new ClientSettings(hp.host(), hp.port(), tls, user, password, cas, Duration.ofSeconds(timeout),
        helo, text(root, "from", file));
  }

  private static String text(JsonNode root, String key, Path file) {
    JsonNode n = root.get(key);
    if (n == null) {
      return null;
    }
    if (!n.isTextual()) {
      throw new IllegalArgumentException(file + ": " + key + " must be a string");
    }
    return n.asText();
  }
}
