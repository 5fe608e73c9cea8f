package dev.sealpost.cli;

import dev.sealpost.server.config.ConfigLoader;
import dev.sealpost.server.config.ServerConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a maintenance command finds the server's files: a config file, or a (dev) data directory. */
final class DataDirOptions {

  @Option(names = {"-c", "--config"}, description = "Configuration file; its users-file and data-dir are used.")
  Path config;

  @Option(names = "--data-dir", description = "Data directory (default: sealpost-data).")
  Path dataDir;

  Path usersFile() {
    return config != null ? ConfigLoader.load(config).usersFile() : dir().resolve("users");
  }

  Path spoolDir() {
    if (config != null) {
      ServerConfig c = ConfigLoader.load(config);
      return c.spoolDir();
    }
    return dir().resolve("spool");
  }

  /** The data directory: the configuration's, or the given (dev) one. */
  Path dataDirectory() {
    return config != null ? ConfigLoader.load(config).dataDir() : dir();
  }

  /** The outbound settings of the configuration; the defaults for a bare data directory. */
  dev.sealpost.server.config.OutboundConfig outbound() {
    return config != null ? ConfigLoader.load(config).outbound() : dev.sealpost.server.config.OutboundConfig.DEFAULT;
  }

  /** The server's host name from the configuration; "localhost" for a bare data directory. */
  String hostname() {
    return config != null ? ConfigLoader.load(config).hostname() : "localhost";
  }

  private Path dir() {
    return dataDir != null ? dataDir : Path.of("sealpost-data");
  }
}
