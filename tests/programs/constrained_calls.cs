// constrained. callvirt on primitives, enums and a reference type behind a
// managed pointer: ToString/GetHashCode/Equals through a boxed copy or the
// loaded object.
using System;
enum Mode { Off, On, Auto }
class Program
{
    static string Show(int x) { return x.ToString(); }
    static string ShowLong(long x) { return x.ToString(); }
    static string ShowMode(Mode m) { return m.ToString(); }
    static int Hash(int x) { return x.GetHashCode(); }
    static bool Same(long a, long b) { return a.Equals(b); }
    static string Twice(ref string s) { return s.ToString() + s.Length; }
    static string Join(int a, int b, int c) { return a.ToString() + "," + b.ToString() + "," + c.ToString(); }
    static int Main()
    {
        Console.WriteLine(Show(-77));
        Console.WriteLine(ShowLong(1L << 40));
        Console.WriteLine(ShowMode(Mode.Auto));
        Console.WriteLine(Hash(12345));
        Console.WriteLine(Same(5, 5));
        Console.WriteLine(Same(5, 6));
        string s = "abc";
        Console.WriteLine(Twice(ref s));
        Console.WriteLine(Join(1, 22, 333));
        return 100;
    }
}
