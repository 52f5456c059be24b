-- which host drivers can boot each image (issue 15). The linux driver (real guests) builds only Debian 12 here:
-- the Ubuntu, Rocky and Windows archives are not reachable, so those boot on the simulated fleet only, and a launch
-- of one onto a real host ends terminated with that reason. An image made by CreateImage is simulated-only too: no
-- host captures a guest's files into an image yet.
ALTER TABLE image ADD COLUMN supported_drivers VARCHAR(64) NOT NULL DEFAULT 'simulated';
UPDATE image SET supported_drivers = 'simulated,linux' WHERE image_id = 'ami-0a1b2c3d4e5f60003';
