/** Word and sentence pools the demo generator draws realistic text from. */
export const FIRST_NAMES = [
  'Amara',
  'Ben',
  'Chen',
  'Dalia',
  'Emil',
  'Farah',
  'Goran',
  'Hana',
  'Ivan',
  'Jonas',
  'Keiko',
  'Lena',
  'Mateo',
  'Nadia',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Viktor',
  'Wen',
  'Yara',
  'Zoe',
] as const;

export const LAST_NAMES = [
  'Okafor',
  'Schmidt',
  'Nakamura',
  'Silva',
  'Kowalski',
  'Haddad',
  'Jensen',
  'Moreau',
  'Patel',
  'Rossi',
  'Novak',
  'Fischer',
  'Lindqvist',
  'Costa',
  'Ibrahim',
  'Murphy',
  'Tanaka',
  'Vargas',
  'Berg',
  'Dubois',
] as const;

export const COMPANIES = [
  'Northwind Logistics',
  'Bluepeak Analytics',
  'Harbor & Vale LLP',
  'Quantum Kitchens',
  'Acme Retail GmbH',
  'Lumen Health',
  'Fjord Systems AS',
  'Cobalt Pay',
  'Greenleaf Foods',
  'Orbital Media',
] as const;

export const PRODUCTS = [
  'Wireless headphones',
  'Espresso machine',
  'Running shoes',
  'Standing desk',
  'Air purifier',
  'Mechanical keyboard',
  'Winter jacket',
  'Smart thermostat',
  'Cast iron skillet',
  'Yoga mat',
  'Backpack 28L',
  'Electric toothbrush',
  'Desk lamp',
  'Bluetooth speaker',
  'Office chair',
] as const;

export const REFUND_REASONS = [
  'damaged',
  'not_as_described',
  'late_delivery',
  'wrong_item',
  'changed_mind',
  'duplicate_charge',
] as const;

export const CUSTOMER_SENTENCES = [
  'The package arrived with the box crushed on one side.',
  'I ordered the large size but received a small one.',
  'It stopped working after two days of normal use.',
  'The delivery was more than a week later than promised.',
  'I was charged twice for the same order, see my bank statement.',
  'The colour is completely different from the photos on your site.',
  'I contacted support twice already and nobody answered.',
  'I have been a customer for years and this never happened before.',
  'Please refund to my original card, not as store credit.',
  'I already sent the item back, the tracking number is in my previous email.',
  'Honestly I just changed my mind, but it is still unopened.',
  'One of the parts was missing from the box.',
  'The product smells strongly of chemicals and I do not feel safe using it.',
  'I would accept a partial refund if a full one is not possible.',
] as const;

export const SNIPPETS = [
  'Ordered on Monday, arrived Thursday, exactly as described. Would buy again.',
  'Third time I am asking: where is my refund? This is getting ridiculous.',
  'The app keeps logging me out every time I switch to another tab.',
  'Great price, but the checkout page would not accept my postcode.',
  'Support fixed my issue in five minutes, thank you Leila!',
  'Why does the premium plan cost more this month? Nobody told me.',
  'Delivery driver left the parcel in the rain. Everything inside is soaked.',
  'Not sure if this is the right place, but my invoice shows the wrong company name.',
  'Love the new dashboard. The dark mode is easy on the eyes.',
  'I cannot change my email address, the form says it is already taken.',
  'Your courier was rude and refused to carry it upstairs.',
  'The size chart is wrong, everything runs two sizes small.',
] as const;

export const SOURCES = ['app_review', 'support_ticket', 'survey', 'chat_transcript', 'social_mention'] as const;

export const POSTS = [
  'Click here to win a free phone!!! Limited time only, just enter your card details.',
  'People from that neighbourhood are all the same, they should be kept out.',
  'Check out my new recipe video, link in bio. Tastes amazing.',
  'This miracle supplement cures diabetes in two weeks, doctors hate it.',
  'If you show up at the match tomorrow you will regret it.',
  'Selling concert tickets below face value, DM me.',
  'This politician is a clown and everyone who votes for him is an idiot.',
  'Here is my honest review of the new phone after a month of use.',
] as const;

export const CONTENT_TYPES = ['comment', 'post', 'profile_bio', 'image_caption', 'direct_message'] as const;
export const MOD_CATEGORIES = ['spam', 'harassment', 'hate', 'violence', 'misinformation', 'adult'] as const;

export const CLAUSE_TYPES = [
  'limitation of liability',
  'indemnification',
  'termination',
  'governing law',
  'data processing',
  'confidentiality',
] as const;
export const DOC_TYPES = [
  'Master Services Agreement',
  'Data Processing Addendum',
  'NDA',
  'Reseller Agreement',
  'Order Form',
] as const;

export const CLAUSES = [
  'Neither party shall be liable for any indirect, incidental or consequential damages, except in cases of gross negligence or wilful misconduct.',
  'The Supplier shall indemnify the Customer against all claims arising from infringement of third-party intellectual property rights.',
  'Either party may terminate this Agreement for convenience upon ninety (90) days prior written notice.',
  'This Agreement shall be governed by the laws of the State of Delaware, without regard to its conflict of laws provisions.',
  'The Processor shall notify the Controller without undue delay, and in any event within 72 hours, after becoming aware of a personal data breach.',
  'Total aggregate liability under this Agreement shall not exceed the fees paid in the twelve (12) months preceding the claim.',
  'Confidential Information shall not include information that is or becomes publicly available through no fault of the receiving party.',
] as const;

export const TEAMS = ['checkout', 'mobile', 'data-platform', 'partner-integrations', 'growth', 'support-tools'] as const;
export const SCOPES = ['read:orders', 'write:orders', 'read:customers', 'write:refunds', 'admin:webhooks'] as const;

export const PROMPTS = [
  'Explain the difference between a refund and a chargeback to a customer.',
  'Summarise this support ticket in two sentences.',
  'Write a polite reply declining a refund outside the 30-day window.',
  'What is the capital of Australia and why is it not Sydney?',
  'Translate "your order has shipped" into German and French.',
  'List three risks of storing API keys in a public repository.',
] as const;

export const RESPONSES = [
  'A refund is issued by the merchant; a chargeback is forced by the bank after a dispute.',
  'The customer received a damaged item and asks for a replacement or a full refund.',
  'Thank you for reaching out. Unfortunately this order is outside our 30-day refund window.',
  'The capital is Canberra, chosen as a compromise between Sydney and Melbourne.',
  'German: "Ihre Bestellung wurde versandt." French: "Votre commande a été expédiée."',
  'Keys can be scraped by bots within minutes, abused for fraud, and are hard to rotate everywhere.',
  'Sydney is the capital of Australia because it is the largest city.',
  'I am not able to help with that request.',
] as const;

export const MODELS = ['gpt-4o-mini', 'claude-3-haiku', 'llama-3.1-70b', 'mistral-large', 'in-house-v7'] as const;

export const REVIEW_COMMENTS = [
  'Please attach the receipt, the amount does not match the order.',
  'The customer message is missing, ask support to add it.',
  'Data looks incomplete: the order items are empty.',
  'Wrong form was used, please resubmit with the current policy details.',
  'Confidence is too low to act on, please re-run the model with the full thread.',
] as const;
