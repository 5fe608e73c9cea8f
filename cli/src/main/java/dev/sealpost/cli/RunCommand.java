package dev.sealpost.cli;

import dev.sealpost.server.config.ConfigLoader;
import dev.sealpost.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the server with a configuration file, in the foreground.")
final class RunCommand implements Callable<Integer> {

  @Option(names = {"-c", "--config"}, required = true, description = "Configuration file (TOML).")
  Path config;

  @Override
  public Integer call() {
    ServerConfig cfg = ConfigLoader.load(config);
    return Foreground.run(cfg, () -> {});
  }
}
