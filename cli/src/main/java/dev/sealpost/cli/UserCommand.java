package dev.sealpost.cli;

import dev.sealpost.server.auth.UsersFile;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage the users who may submit mail.",
    subcommands = {UserCommand.Add.class, UserCommand.Remove.class, UserCommand.ListUsers.class,
        UserCommand.Passwd.class})
final class UserCommand implements Runnable {

  @Override
  public void run() {
    throw new CliException("user: give a subcommand: add, remove, list or passwd (see sealpost user --help)");
  }

  /** How the new password arrives; never as an argument, which would show in the process list. */
  static final class PasswordSource {
    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean stdin;

    @Option(names = "--generate", description = "Generate a random password and print it once.")
    boolean generate;

    char[] read() {
      if (generate) {
        char[] p = DevSetup.randomPassword();
        System.out.println("password: " + new String(p));
        return p;
      }
      if (stdin) {
        try {
          String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
          if (line == null || line.isEmpty()) {
            throw new CliException("no password on standard input");
          }
          return line.toCharArray();
        } catch (IOException e) {
          throw new CliException("cannot read standard input: " + e.getMessage());
        }
      }
      Console console = System.console();
      if (console == null) {
        throw new CliException("no terminal to ask for the password: use --password-stdin or --generate");
      }
      char[] a = console.readPassword("New password: ");
      char[] b = console.readPassword("Repeat: ");
      if (a == null || b == null || !Arrays.equals(a, b)) {
        throw new CliException("passwords do not match");
      }
      if (a.length < 8) {
        throw new CliException("password too short: use at least 8 characters");
      }
      return a;
    }
  }

  static UsersFile open(Path file, boolean create) {
    if (!Files.exists(file) && create) {
      return UsersFile.createEmpty(file);
    }
    return UsersFile.load(file);
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user.")
  static final class Add implements Runnable {
    @Mixin DataDirOptions where;
    @ArgGroup(exclusive = true) PasswordSource password = new PasswordSource();
    @Parameters(paramLabel = "ADDRESS") String address;

    @Override
    public void run() {
      UsersFile users = open(where.usersFile(), true);
      char[] p = password.read();
      users.add(address, p);
      Arrays.fill(p, '\0');
      users.save();
      System.out.println("added " + address);
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user.")
  static final class Remove implements Runnable {
    @Mixin DataDirOptions where;
    @Parameters(paramLabel = "ADDRESS") String address;

    @Override
    public void run() {
      UsersFile users = open(where.usersFile(), false);
      users.remove(address);
      users.save();
      System.out.println("removed " + address);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
  static final class ListUsers implements Runnable {
    @Mixin DataDirOptions where;

    @Override
    public void run() {
      open(where.usersFile(), false).users().forEach(System.out::println);
    }
  }

  @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set a user's password.")
  static final class Passwd implements Runnable {
    @Mixin DataDirOptions where;
    @ArgGroup(exclusive = true) PasswordSource password = new PasswordSource();
    @Parameters(paramLabel = "ADDRESS") String address;

    @Override
    public void run() {
      UsersFile users = open(where.usersFile(), false);
      char[] p = password.read();
      users.setPassword(address, p);
      Arrays.fill(p, '\0');
      users.save();
      System.out.println("password changed for " + address);
    }
  }
}
