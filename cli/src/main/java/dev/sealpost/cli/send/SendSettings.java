package dev.sealpost.cli.send;

import dev.sealpost.cli.send.ClientSettings.TlsChoice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The connection options of {@code sealpost send}, merged with an optional env file: options win, the
 * env file fills gaps. Keeping this apart from the command makes the precedence testable.
 */
public record SendSettings(String server, TlsChoice tls, String user, Path passwordFile, String passwordEnv,
    Path envFile, List<Path> caFiles, int timeoutSeconds, String helo) {

  /** @throws IllegalArgumentException naming the missing or conflicting option */
  public ClientSettings resolve(Map<String, String> environment) {
    Map<String, String> file = envFile == null ? Map.of() : EnvFile.read(envFile);
    String serverSpec = server != null ? server : file.get("SEALPOST_SERVER");
    if (serverSpec == null) {
      throw new IllegalArgumentException("--server HOST[:PORT] is required");
    }
    TlsChoice mode = tls != null ? tls : TlsChoice.IMPLICIT;
    ClientSettings.HostPort hp = ClientSettings.hostPort(serverSpec, mode);
    String login = user != null ? user : file.get("SEALPOST_USER");
    if (passwordFile != null && passwordEnv != null) {
      throw new IllegalArgumentException("give --password-file or --password-env, not both");
    }
    char[] password = null;
    if (passwordFile != null) {
      password = Secrets.fromFile(passwordFile);
    } else if (passwordEnv != null) {
      password = Secrets.fromEnvironment(passwordEnv, environment);
    } else if (file.containsKey("SEALPOST_PASSWORD")) {
      password = file.get("SEALPOST_PASSWORD").toCharArray();
    }
    if (login != null && password == null) {
      throw new IllegalArgumentException("--user " + login + " needs a password: --password-file FILE,"
          + " --password-env VAR or --env-file FILE (passwords are never taken as arguments)");
    }
    if (login == null && password != null) {
      throw new IllegalArgumentException("a password was given without --user");
    }
    if (login != null && mode == TlsChoice.NONE_INSECURE) {
      throw new IllegalArgumentException("refusing to send a password over clear text (--tls none-insecure);"
          + " use --tls implicit or --tls starttls");
    }
    List<Path> cas = new ArrayList<>(caFiles);
    if (file.containsKey("SEALPOST_CA")) {
      cas.add(Path.of(file.get("SEALPOST_CA")));
    }
    if (timeoutSeconds < 1) {
      throw new IllegalArgumentException("--timeout must be at least 1 second");
    }
    return new ClientSettings(hp.host(), hp.port(), mode, login, password, cas, Duration.ofSeconds(timeoutSeconds),
        helo, null);
  }
}
