/// A fixed-size, heap-allocated array of plain values that the simulation's parallel agent
/// loop can write through without copy-on-write checks or exclusivity traps.
///
/// Ownership is single: a ``Column`` is owned by one ``AgentState`` and freed with it.
/// Writes from several threads are safe only when each thread writes disjoint indices,
/// which is how the agent loop is scheduled (each agent writes its own slots).
public struct Column<Element: BitwiseCopyable>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<Element>
    public let count: Int

    init(count: Int, repeating value: Element) {
        base = Self.allocateLineAligned(max(count, 1))
        base.initialize(repeating: value, count: max(count, 1))
        self.count = count
    }

    init(copying other: Column<Element>) {
        base = Self.allocateLineAligned(max(other.count, 1))
        base.initialize(from: other.base, count: max(other.count, 1))
        count = other.count
    }

    /// Storage starting on a cache line (64 bytes). A large `malloc` block starts 16 bytes past
    /// a page, so an agent's four stocks (32 bytes at `32 * i`) would straddle two lines for every
    /// other agent; aligned, a neighbour's stocks are always one line.
    private static func allocateLineAligned(_ capacity: Int) -> UnsafeMutablePointer<Element> {
        UnsafeMutableRawPointer.allocate(byteCount: capacity * MemoryLayout<Element>.stride,
                                         alignment: max(64, MemoryLayout<Element>.alignment))
            .bindMemory(to: Element.self, capacity: capacity)
    }

    func free() { UnsafeMutableRawPointer(base).deallocate() }

    @inlinable
    public subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    /// A copy as a Swift array (for tests and measurement, not hot loops).
    public var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

    func assign(from other: Column<Element>) {
        base.update(from: other.base, count: count)
    }
}
