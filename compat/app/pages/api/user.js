// tests/src/pages/api/user.rs (the docs' pages/api/user.js)
export default function handler(req, res) {
  res.status(200).json({ name: 'John Doe' })
}
