/** The demo catalogue's vocabulary: a category tree and, per leaf, what its products look like. */

export type VariantKind = 'apparel' | 'shoes' | 'colour' | 'capacity' | 'size' | 'single';

export interface LeafSpec {
  name: string;
  /** Product nouns with a price range in whole shillings. */
  items: [noun: string, min: number, max: number][];
  brands: string[];
  adjectives: string[];
  variants: VariantKind;
  blurb: string;
}

export interface RootSpec {
  name: string;
  shape: 'circle' | 'square' | 'triangle' | 'diamond' | 'hexagon';
  leaves: LeafSpec[];
}

export const DEMO_TREE: RootSpec[] = [
  {
    name: 'Electronics',
    shape: 'circle',
    leaves: [
      {
        name: 'Phones & Tablets',
        items: [
          ['Smartphone', 9_999, 89_999],
          ['Tablet', 14_999, 74_999],
          ['Feature Phone', 1_499, 3_999],
          ['Power Bank', 1_299, 4_999],
          ['Phone Case', 399, 1_499],
        ],
        brands: ['Tecno', 'Infinix', 'Samsung', 'Nokia', 'Oraimo', 'Xiaomi'],
        adjectives: ['Dual SIM', '5G', 'Slim', 'Rugged', 'Pro', 'Lite'],
        variants: 'capacity',
        blurb: 'Reliable everyday performance with a long-lasting battery built for Kenyan days on the move.',
      },
      {
        name: 'Audio',
        items: [
          ['Wireless Headphones', 2_999, 34_999],
          ['Earbuds', 1_499, 19_999],
          ['Bluetooth Speaker', 1_999, 24_999],
          ['Soundbar', 9_999, 49_999],
          ['Studio Headphones', 6_999, 29_999],
        ],
        brands: ['Sony', 'JBL', 'Oraimo', 'Anker', 'Vitron', 'Sennheiser'],
        adjectives: ['Noise Cancelling', 'Bass Boost', 'Waterproof', 'Portable', 'Over-Ear', 'True Wireless'],
        variants: 'colour',
        blurb: 'Rich sound, deep bass and a comfortable fit, with up to 30 hours of playback on one charge.',
      },
      {
        name: 'Computers',
        items: [
          ['Laptop', 34_999, 189_999],
          ['Wireless Mouse', 799, 3_999],
          ['Mechanical Keyboard', 2_999, 12_999],
          ['USB-C Hub', 1_499, 5_999],
          ['External SSD', 5_999, 19_999],
        ],
        brands: ['HP', 'Lenovo', 'Dell', 'Logitech', 'Kingston', 'Asus'],
        adjectives: ['Ultralight', 'Business', 'Gaming', 'Compact', 'Refurbished', 'Student'],
        variants: 'capacity',
        blurb: 'Dependable hardware for work, study and play, covered by a one-year local warranty.',
      },
      {
        name: 'TV & Home Cinema',
        items: [
          ['Smart TV', 17_999, 129_999],
          ['Streaming Stick', 2_999, 7_999],
          ['Wall Mount', 999, 3_999],
          ['Projector', 12_999, 59_999],
        ],
        brands: ['Hisense', 'TCL', 'Samsung', 'LG', 'Vitron', 'Skyworth'],
        adjectives: ['4K', 'Frameless', 'Android', 'HDR', 'Full HD', 'Voice Remote'],
        variants: 'size',
        blurb: 'Crisp picture and built-in apps, ready for Showmax, Netflix and YouTube out of the box.',
      },
    ],
  },
  {
    name: 'Fashion',
    shape: 'diamond',
    leaves: [
      {
        name: "Women's Clothing",
        items: [
          ['Kitenge Dress', 1_999, 6_999],
          ['Maxi Skirt', 1_299, 3_999],
          ['Linen Blouse', 999, 3_499],
          ['Denim Jacket', 2_499, 6_999],
          ['Kaftan', 1_799, 5_499],
        ],
        brands: ['Mkenya Threads', 'Zuri', 'Kiko Romeo', 'Ankara House', 'Safari Chic'],
        adjectives: ['Printed', 'Classic', 'Relaxed', 'Tailored', 'Summer', 'Handmade'],
        variants: 'apparel',
        blurb: 'Breathable fabric and a flattering cut, made by local tailors in small batches.',
      },
      {
        name: "Men's Clothing",
        items: [
          ['Cotton Shirt', 1_199, 3_999],
          ['Chino Trousers', 1_499, 4_499],
          ['Polo T-Shirt', 799, 2_499],
          ['Hoodie', 1_999, 4_999],
          ['Kikoi Shorts', 899, 2_299],
        ],
        brands: ['Mkenya Threads', 'Nairobi Denim', 'Savanna', 'Urban Jua', 'Bazaar Co.'],
        adjectives: ['Slim Fit', 'Classic', 'Oversized', 'Striped', 'Everyday', 'Premium'],
        variants: 'apparel',
        blurb: 'Soft, durable cotton that keeps its shape wash after wash.',
      },
      {
        name: 'Shoes',
        items: [
          ['Leather Sandals', 1_499, 4_999],
          ['Running Shoes', 3_499, 14_999],
          ['Canvas Sneakers', 1_999, 5_999],
          ['Maasai Sandals', 899, 2_499],
          ['Office Loafers', 2_999, 8_999],
        ],
        brands: ['Bata', 'Adidas', 'Nike', 'Maasai Craft', 'Kawaida'],
        adjectives: ['Beaded', 'Lightweight', 'Cushioned', 'Classic', 'Handcrafted', 'All-Day'],
        variants: 'shoes',
        blurb: 'Comfortable from the first wear, with a sole made for city streets and dusty roads alike.',
      },
    ],
  },
  {
    name: 'Home & Kitchen',
    shape: 'square',
    leaves: [
      {
        name: 'Kitchen',
        items: [
          ['Sufuria Set', 1_999, 7_999],
          ['Non-Stick Frying Pan', 1_299, 4_499],
          ['Electric Kettle', 1_499, 4_999],
          ['Blender', 3_499, 12_999],
          ['Chapati Pan', 899, 2_499],
          ['Jiko Stove', 1_999, 6_999],
        ],
        brands: ['Ramtons', 'Sayona', 'Von Hotpoint', 'Mika', 'Nunix'],
        adjectives: ['Stainless', 'Heavy Duty', 'Family Size', 'Energy Saving', 'Classic', 'Compact'],
        variants: 'single',
        blurb: 'Built for daily family cooking, easy to clean and made to last for years.',
      },
      {
        name: 'Furniture',
        items: [
          ['Coffee Table', 6_999, 24_999],
          ['Bookshelf', 4_999, 17_999],
          ['Office Chair', 7_999, 29_999],
          ['Bar Stool', 2_999, 8_999],
        ],
        brands: ['Furniture Palace', 'Woodcraft Kenya', 'Mvule Works', 'Home Base'],
        adjectives: ['Mahogany', 'Mvule', 'Modern', 'Foldable', 'Ergonomic', 'Rustic'],
        variants: 'colour',
        blurb: 'Solid timber and sturdy joinery, finished by hand in Nairobi workshops.',
      },
      {
        name: 'Home Decor',
        items: [
          ['Sisal Basket', 699, 2_999],
          ['Throw Pillow', 599, 1_999],
          ['Soapstone Vase', 999, 3_999],
          ['Wall Art Print', 1_499, 6_999],
          ['Scented Candle', 499, 1_799],
        ],
        brands: ['Kazuri', 'Kisii Stone', 'Tinga Tinga', 'Baraka Crafts'],
        adjectives: ['Handwoven', 'Carved', 'Boho', 'Minimal', 'Vibrant', 'Natural'],
        variants: 'single',
        blurb: 'Handmade by Kenyan artisans; every piece is slightly different.',
      },
    ],
  },
  {
    name: 'Beauty & Health',
    shape: 'hexagon',
    leaves: [
      {
        name: 'Skincare',
        items: [
          ['Shea Butter', 399, 1_499],
          ['Face Serum', 999, 3_999],
          ['Sunscreen SPF 50', 899, 2_999],
          ['Aloe Vera Gel', 349, 1_199],
          ['Body Lotion', 449, 1_699],
        ],
        brands: ['Nivea', 'Zoya', 'Nice & Lovely', 'Arimis', 'Naturals Kenya'],
        adjectives: ['Organic', 'Fragrance-Free', 'Hydrating', 'Brightening', 'Gentle', 'Daily'],
        variants: 'size',
        blurb: 'Gentle on skin and suited to the equatorial sun; dermatologically tested.',
      },
      {
        name: 'Hair Care',
        items: [
          ['Hair Oil', 299, 1_299],
          ['Leave-In Conditioner', 499, 1_599],
          ['Braiding Hair', 199, 899],
          ['Shampoo', 349, 1_299],
        ],
        brands: ['Dark and Lovely', 'Darling', 'Sleek', 'Cantu', 'Naturals Kenya'],
        adjectives: ['Moisturising', 'Strengthening', 'Natural', 'Coconut', 'Argan', 'Kids'],
        variants: 'size',
        blurb: 'Nourishes and protects natural and relaxed hair alike.',
      },
    ],
  },
  {
    name: 'Sports & Outdoors',
    shape: 'triangle',
    leaves: [
      {
        name: 'Fitness',
        items: [
          ['Yoga Mat', 999, 3_499],
          ['Dumbbell Pair', 1_999, 9_999],
          ['Skipping Rope', 299, 999],
          ['Resistance Bands', 699, 2_499],
        ],
        brands: ['Decathlon', 'Reebok', 'Kasarani Pro', 'FitKE'],
        adjectives: ['Non-Slip', 'Adjustable', 'Pro', 'Travel', 'Heavy Duty', 'Beginner'],
        variants: 'colour',
        blurb: 'Train at home or at the gym with kit that stands up to daily use.',
      },
      {
        name: 'Camping & Hiking',
        items: [
          ['Tent', 4_999, 24_999],
          ['Sleeping Bag', 2_499, 8_999],
          ['Hiking Backpack', 2_999, 11_999],
          ['Water Bottle', 499, 2_499],
          ['Headlamp', 699, 2_999],
        ],
        brands: ['Mt Kenya Gear', 'Coleman', 'Decathlon', 'Safari Outfitters'],
        adjectives: ['Waterproof', 'Ultralight', 'Two-Person', 'Insulated', 'Trail', 'Expedition'],
        variants: 'colour',
        blurb: 'Tested on the slopes of Mt Kenya and the Aberdares: light, tough and weatherproof.',
      },
    ],
  },
  {
    name: 'Books',
    shape: 'square',
    leaves: [
      {
        name: 'Fiction',
        items: [
          ['Novel', 799, 2_499],
          ['Short Stories', 699, 1_999],
          ['Poetry Collection', 599, 1_799],
        ],
        brands: ['East African Publishers', 'Kwani?', 'Longhorn', 'Storymoja'],
        adjectives: ['Paperback', 'Hardcover', 'Anniversary Edition', 'Illustrated', 'Bestselling', 'New'],
        variants: 'single',
        blurb: 'A gripping read from celebrated East African voices.',
      },
      {
        name: 'Children & Education',
        items: [
          ['Picture Book', 399, 1_299],
          ['Atlas', 999, 2_999],
          ['Kiswahili Dictionary', 899, 2_499],
          ['Revision Guide', 599, 1_499],
        ],
        brands: ['Longhorn', 'Oxford Kenya', 'Moran', 'Storymoja'],
        adjectives: ['CBC', 'Illustrated', 'Pocket', 'Revised', 'Bilingual', 'Junior'],
        variants: 'single',
        blurb: 'Aligned with the Kenyan curriculum and loved by teachers and parents.',
      },
    ],
  },
  {
    name: 'Groceries',
    shape: 'circle',
    leaves: [
      {
        name: 'Beverages',
        items: [
          ['Kenyan Tea', 199, 899],
          ['AA Coffee Beans', 699, 2_499],
          ['Drinking Chocolate', 349, 999],
          ['Mango Juice', 149, 499],
        ],
        brands: ['Kericho Gold', 'Dormans', 'Java House', 'Ketepa', 'Del Monte'],
        adjectives: ['Premium', 'Single Origin', 'Organic', 'Family Pack', 'Decaf', 'Classic'],
        variants: 'size',
        blurb: 'Grown and packed in Kenya, from highland estates to your cup.',
      },
      {
        name: 'Pantry',
        items: [
          ['Basmati Rice', 299, 1_499],
          ['Maize Flour', 129, 399],
          ['Cooking Oil', 349, 1_299],
          ['Pure Honey', 499, 1_799],
          ['Peanut Butter', 349, 999],
        ],
        brands: ['Pishori', 'Jogoo', 'Pembe', 'Golden Fry', 'Kenya Honey Co.'],
        adjectives: ['Organic', 'Family Pack', 'Natural', 'Fortified', 'Raw', 'Classic'],
        variants: 'size',
        blurb: 'Pantry staples at fair prices, delivered fresh.',
      },
    ],
  },
];

export const PALETTES: [string, string][] = [
  ['#0f766e', '#5eead4'],
  ['#1d4ed8', '#93c5fd'],
  ['#b45309', '#fcd34d'],
  ['#be123c', '#fda4af'],
  ['#6d28d9', '#c4b5fd'],
  ['#15803d', '#86efac'],
  ['#0e7490', '#67e8f9'],
  ['#9a3412', '#fdba74'],
  ['#334155', '#cbd5e1'],
  ['#a21caf', '#f0abfc'],
];

export const COLOURS = ['Black', 'White', 'Navy', 'Red', 'Olive', 'Grey', 'Sky Blue', 'Mustard'];
