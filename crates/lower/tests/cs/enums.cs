// Enum parameters, locals and returns: same-module and framework enums.
using System;

enum Color : byte { Red, Green = 200, Blue }
enum Big : long { Min = long.MinValue, Max = long.MaxValue }

static class E
{
    static int Local(Color c) { Color d = c; return (int)d + 1; }
    static Color Next(Color c) { return (Color)((byte)c + 1); }
    static long Widen(Big b) { return (long)b >> 1; }
    static int Day(DayOfWeek d) { return (int)d * 2; }
    static int Main() { return Local(Color.Green) + (int)Next(Color.Red) + Day(DayOfWeek.Friday); }
}
