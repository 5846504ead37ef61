// Compiled by kiln through the public API and written by a container
// defined outside kiln (tests/external/src/lib.rs). Exit code 100 = pass.
using System;

class Shape
{
    public virtual int Area() { return 0; }
}

class Rect : Shape
{
    int w, h;
    public Rect(int w, int h) { this.w = w; this.h = h; }
    public override int Area() { return w * h; }
}

static class Program
{
    static int Sum(int[] xs)
    {
        int s = 0;
        for (int i = 0; i < xs.Length; i++) s += xs[i];
        return s;
    }

    static int Main()
    {
        var xs = new int[10];
        for (int i = 0; i < xs.Length; i++) xs[i] = i * i;
        Shape r = new Rect(6, 7);
        string text = "kiln " + Sum(xs) + " " + r.Area();
        Console.WriteLine(text);
        return text == "kiln 285 42" ? 100 : 1;
    }
}
