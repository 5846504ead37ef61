// Address-taken integer variables (ldloca/ldarga) live in stack slots at
// their own width: out/ref arguments to framework and own methods, a ref
// argument inside a loop, ldarga of a parameter.
using System;
class Program {
    static bool Parse(string s, out int v) { return int.TryParse(s, out v); }
    static void Set(out byte b, out long l, ref short s) { b = 250; l = -1L << 40; s = (short)(s * 2); }
    static string Show(int x) { return x.ToString(); }
    static string ShowLong(long x) { return x.ToString(); }
    static int Twice(int a) { Bump(ref a); Bump(ref a); return a; }
    static void Bump(ref int a) { a = a * 3 + 1; }
    static int Loop(int n) { int sum = 0; for (int i = 0; i < n; i++) { Bump(ref sum); } return sum; }
    static int Main() {
        int v;
        Console.WriteLine(Parse("1234", out v) + " " + v);
        Console.WriteLine(Parse("x", out v) + " " + v);
        byte b; long l; short s = -21;
        Set(out b, out l, ref s);
        Console.WriteLine(b + " " + l + " " + s);
        Console.WriteLine(Show(-77) + ShowLong(1L << 33));
        Console.WriteLine(Twice(5));
        Console.WriteLine(Loop(10));
        return 100;
    }
}
