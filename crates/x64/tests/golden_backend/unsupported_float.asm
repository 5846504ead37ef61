; unsupported: values of type f64 at function
