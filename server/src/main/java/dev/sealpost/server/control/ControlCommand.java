package dev.sealpost.server.control;

import java.util.List;

/** One command of the control socket, such as {@code queue-hold ID}. */
public interface ControlCommand {

  /** The first word of the request line. */
  String name();

  /**
   * Runs the command with the request's other words and returns the text after "ok ".
   *
   * @throws ControlException with the text after "error " when the request cannot be done
   */
  String run(List<String> arguments) throws Exception;

  /** What a command does with its arguments. */
  @FunctionalInterface
  interface Action {
    String run(List<String> arguments) throws Exception;
  }

  /** A command named {@code name} doing {@code action}. */
  static ControlCommand of(String name, Action action) {
    return new ControlCommand() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String run(List<String> arguments) throws Exception {
        return action.run(arguments);
      }
    };
  }
}
