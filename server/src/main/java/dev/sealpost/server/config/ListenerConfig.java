package dev.sealpost.server.config;

import java.net.InetSocketAddress;

/** One listening socket and the service it offers. */
public record ListenerConfig(String name, ListenerKind kind, InetSocketAddress address) {}
