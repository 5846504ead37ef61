// Value types' instance methods (this is a managed pointer: fields read and
// written through it, a reference field through the checked write barrier,
// calls passing this on) and ref parameters (ldind/stind of int and string).
using System;
struct Point {
    public int X; public int Y; public long Z; public byte B; public string Name;
    public Point(int x, int y) { X = x; Y = y; Z = (long)x * y; B = (byte)(x + y); Name = null; }
    public int Sum() { return X + Y + B; }
    public long Area() { return Z + Dot(this.X); }
    public int Dot(int k) { return X * k + Y; }
    public void Move(int dx) { X += dx; Y -= dx; B = (byte)(B + 1); }
    public void SetName(string s) { Name = s; }
    public int NameLen() { return Name == null ? -1 : Name.Length; }
}
class Program {
    static void Inc(ref int x) { x = x + 1; }
    static void Swap(ref string a, ref string b) { string t = a; a = b; b = t; }
    static int Main() {
        Point p = new Point(3, 4);
        Console.WriteLine(p.Sum());
        Console.WriteLine(p.Area());
        p.Move(10);
        Console.WriteLine(p.X + " " + p.Y + " " + p.B);
        p.SetName("hello");
        GC.Collect();
        Console.WriteLine(p.NameLen());
        int n = 5; Inc(ref n); Inc(ref n);
        Console.WriteLine(n);
        string a = "a", b = "b"; Swap(ref a, ref b);
        Console.WriteLine(a + b);
        return 100;
    }
}
