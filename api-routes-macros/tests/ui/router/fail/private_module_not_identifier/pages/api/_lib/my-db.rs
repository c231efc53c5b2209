pub fn pool() {}
