import EntenteActions

/// A command-line mistake, with what to do about it: the actions layer's error, so the
/// command line and the board say the same thing.
public typealias CLIError = ActionError
