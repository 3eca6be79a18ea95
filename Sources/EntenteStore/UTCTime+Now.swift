import EntenteCore
import Foundation

extension UTCTime {
    /// Today's UTC date (YYYY-MM-DD) from the system clock.
    public static func today(_ now: Date = Date()) -> String {
        self.date(millis: UInt64(max(0, (now.timeIntervalSince1970 * 1000).rounded(.down))))
    }
}
