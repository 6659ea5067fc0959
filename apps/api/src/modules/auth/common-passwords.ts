/**
 * The most common passwords (lower-cased), from public breach frequency lists. Refused at
 * register, change and reset regardless of case. Deliberately small: it stops the guesses an
 * online attacker tries first, not every weak password.
 */
export const commonPasswords: ReadonlySet<string> = new Set([
  '123456', 'password', '12345678', 'qwerty', '123456789', '12345', '1234', '111111', '1234567',
  'dragon', '123123', 'baseball', 'abc123', 'football', 'monkey', 'letmein', '696969', 'shadow',
  'master', '666666', 'qwertyuiop', '123321', 'mustang', '1234567890', 'michael', '654321',
  'superman', '1qaz2wsx', '7777777', '121212', '000000', 'qazwsx', '123qwe', 'killer', 'trustno1',
  'jordan', 'jennifer', 'zxcvbnm', 'asdfgh', 'hunter', 'buster', 'soccer', 'harley', 'batman',
  'andrew', 'tigger', 'sunshine', 'iloveyou', '2000', 'charlie', 'robert', 'thomas', 'hockey',
  'ranger', 'daniel', 'starwars', 'klaster', '112233', 'george', 'computer', 'michelle', 'jessica',
  'pepper', '1111', 'zxcvbn', '555555', '11111111', '131313', 'freedom', '777777', 'pass',
  'maggie', '159753', 'aaaaaa', 'ginger', 'princess', 'joshua', 'cheese', 'amanda', 'summer',
  'love', 'ashley', 'nicole', 'chelsea', 'biteme', 'matthew', 'access', 'yankees', '987654321',
  'dallas', 'austin', 'thunder', 'taylor', 'matrix', 'mobilemail', 'mom', 'monitor', 'monitoring',
  'montana', 'moon', 'moscow', 'password1', 'password12', 'password123', 'password1234',
  'passw0rd', 'p@ssw0rd', 'p@ssword', 'welcome', 'welcome1', 'welcome123', 'admin', 'admin123',
  'administrator', 'root', 'toor', 'changeme', 'default', 'guest', 'login', 'qwerty123',
  'qwerty1', 'qwertyui', 'q1w2e3r4', 'q1w2e3r4t5', '1q2w3e4r', '1q2w3e4r5t', 'zaq12wsx',
  'asdfghjkl', 'asdf1234', 'abcd1234', 'abcdef', 'abcdefg', 'abcdefgh', 'abc12345', '11223344',
  '12341234', '123456a', '123456abc', 'a123456', 'aa123456', 'iloveyou1', 'princess1', 'sunshine1',
  'football1', 'baseball1', 'monkey1', 'dragon1', 'master1', 'letmein1', 'shadow1', 'superman1',
  'trustno1!', 'whatever', 'secret', 'secret123', 'test', 'test123', 'test1234', 'testing',
  'hello', 'hello123', 'hello1234', 'lovely', 'loveme', 'flower', 'hottie', 'angel', 'angel1',
  'babygirl', 'jesus', 'blessed', 'samsung', 'apple', 'apple123', 'google', 'facebook',
  'linkedin', 'internet', 'qwe123', 'qweasdzxc', 'zxc123', 'zxcvbnm1', '88888888', '99999999',
  '00000000', '12121212', '22222222', '147258369', '123654', '789456123', '987654', 'naruto',
  'pokemon', 'liverpool', 'arsenal', 'chelsea1', 'manchester', 'barcelona', 'spiderman',
  'nairobi', 'kenya123', 'mpesa123', 'soko1234', 'shop1234', 'letmein123', 'iloveyou123',
  'passpass', 'pass1234', 'mypassword', 'newpassword', 'password!', 'password1!', 'qwerty!',
  'charlie1', 'jordan23', 'michael1', 'daniel1', 'computer1', 'starwars1', 'summer2024',
  'summer2025', 'winter2024', 'winter2025', 'spring2025', 'autumn2025',
]);

/** True when `password` is on the common list (case-insensitive). */
export const isCommonPassword = (password: string) => commonPasswords.has(password.toLowerCase());
