package dev.sealpost.server.config;

import java.nio.file.Path;
import java.util.List;

/** Where the server's certificate chain and key live, and which protocol versions are allowed. */
public record TlsSettings(Path certificate, Path key, List<String> protocols, boolean allowLegacyProtocols) {}
