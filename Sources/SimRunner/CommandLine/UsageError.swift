/// A mistake in how `simrunner` was invoked: an unknown option, a missing or malformed
/// value, too many arguments. Each message is one line, names what was wrong, and says
/// what to do; the caller prints it to standard error and exits with status 2.
///
/// ```swift
/// do {
///     let parsed = try CommandArguments.parse(arguments, spec: runSpec)
/// } catch {
///     // error is a UsageError (typed throws)
///     print("simrunner: \(error)")   // simrunner: option '--seed' needs a value
/// }
/// ```
///
/// The message never contains a line break: user text is quoted with `quote(_:)`, which
/// escapes control characters, so a stray newline in an argument cannot split the line.
struct UsageError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The one-line message, without a program-name prefix.
    let message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }

    /// Wraps user text in single quotes, escaping control characters so the message
    /// stays on one line (`a\nb` is shown as `'a\nb'`) and cutting long text (`SafeText.shown`).
    static func quote(_ text: String) -> String {
        "'" + SafeText.shown(text) + "'"
    }
}
