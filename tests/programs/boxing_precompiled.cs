// box of primitives and enums (a new instance of the boxed MethodTable, the
// value stored after the header), unbox.any through the runtime's Unbox
// helper (enum/underlying rules, InvalidCast and NullReference from
// precompiled code).
using System;
enum Color : short { Red = 1, Green = -2 }
class Program {
    static object BoxInt(int x) { return x; }
    static object BoxLong(long x) { return x; }
    static object BoxByte(byte b) { return b; }
    static object BoxBool(bool b) { return b; }
    static object BoxChar(char c) { return c; }
    static object BoxEnum(Color c) { return c; }
    static int UnboxInt(object o) { return (int)o; }
    static long UnboxLong(object o) { return (long)o; }
    static Color UnboxEnum(object o) { return (Color)o; }
    static short UnboxEnumAsShort(object o) { return (short)o; }
    static string Show(object o) { return o.ToString(); }
    static int Main() {
        Console.WriteLine(Show(BoxInt(-42)));
        Console.WriteLine(Show(BoxLong(1L << 50)));
        Console.WriteLine(Show(BoxByte(200)));
        Console.WriteLine(Show(BoxBool(true)));
        Console.WriteLine(Show(BoxChar('Q')));
        Console.WriteLine(Show(BoxEnum(Color.Green)));
        Console.WriteLine(BoxInt(7).Equals(7));
        Console.WriteLine(UnboxInt(BoxInt(123)));
        Console.WriteLine(UnboxLong(BoxLong(-5)));
        Console.WriteLine(UnboxEnum(BoxEnum(Color.Red)));
        Console.WriteLine(UnboxEnumAsShort(BoxEnum(Color.Green)));
        Console.WriteLine(Bad());
        return 100;
    }
    static int Bad() {
        int c = 0;
        try { UnboxInt(BoxLong(1)); } catch (InvalidCastException) { c++; }
        try { UnboxInt(null); } catch (NullReferenceException) { c += 10; }
        return c;
    }
}
