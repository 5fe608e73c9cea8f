package dev.sealpost.cli;

import picocli.CommandLine;

final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"sealpost " + (v == null ? "development build" : v)};
  }
}
